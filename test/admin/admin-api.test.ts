import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import {
  bearer,
  CLOUD_ENV,
  COST_PER_REQUEST_MICRO_USD,
  createCloudConfig,
  issueKey,
  postChat,
  readUsage,
  startAccountingUpstream,
} from '../auth/gateway-fixtures.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { TEST_DATABASE_URL, TestSchemas } from '../store/postgres-test-database.js';

const ADMIN_KEY = 'admin-secret-for-the-admin-api-test';
const schemas = new TestSchemas();
let upstream: LoopbackServer;

beforeAll(async () => {
  upstream = await startAccountingUpstream();
});

afterAll(async () => {
  await upstream?.close();
  await schemas.dropAll();
});

const stores: [string, () => ConfigInput['store']][] = [
  ['sqlite', () => ({ kind: 'sqlite' })],
  ['postgres', () => ({ kind: 'postgres', urlEnv: 'AIRLOCK_TEST_PG_URL', schema: schemas.create() })],
];

/** Calls the admin API; returns status and parsed JSON. */
async function callAdmin(gateway: TestGateway, method: string, path: string, body?: unknown, credential = ADMIN_KEY) {
  const response = await fetch(`${gateway.url}/admin${path}`, {
    method,
    headers: { ...(credential ? bearer(credential) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe.each(stores)('the admin API (%s store)', (_name, store) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(
      // A long key cache: revocation and rotation must still take effect at once on this replica.
      createCloudConfig(upstream.url, { store: store(), auth: { keyCacheTtlMs: 30_000 } }),
      { ...CLOUD_ENV, AIRLOCK_ADMIN_KEYS: `ops:${ADMIN_KEY}`, AIRLOCK_TEST_PG_URL: TEST_DATABASE_URL },
    );
  });
  afterAll(() => gateway?.close());

  it('refuses callers without an admin key, including holders of virtual keys, in OpenAI’s error shape', async () => {
    expect(gateway.access.store.kind).toBe(_name);
    const none = await callAdmin(gateway, 'GET', '/keys', undefined, '');
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: { code: 'UNAUTHENTICATED', type: 'authentication_error' } });
    expect((await callAdmin(gateway, 'GET', '/keys', undefined, 'not-the-admin-key-at-all-000')).status).toBe(401);
    const virtual = await issueKey(gateway, { user: 'mallory' });
    expect((await callAdmin(gateway, 'GET', '/keys', undefined, virtual)).status).toBe(401);
  });

  it('creates a key, shows it once, and lists it without its secret or hash', async () => {
    const created = await callAdmin(gateway, 'POST', '/keys', {
      user: 'alice',
      team: 'platform',
      name: 'laptop',
      expires: '30d',
      limits: { rpm: 100 },
    });
    expect(created.status).toBe(201);
    const key = created.json['key'] as string;
    expect(key).toMatch(/^alk_[0-9A-Za-z]{40}$/);
    expect(created.json['record']).toMatchObject({
      user: 'alice',
      team: 'platform',
      name: 'laptop',
      status: 'active',
      limits: { rpm: 100, tpm: null },
    });
    expect((await postChat(gateway.url, bearer(key))).status).toBe(200);
    const listed = await callAdmin(gateway, 'GET', '/keys?user=alice');
    expect(listed.json['data']).toHaveLength(1);
    expect(listed.text).not.toContain(key);
    expect(listed.text).not.toContain('hash');
    const shown = await callAdmin(gateway, 'GET', `/keys/${created.json['record'].id}`);
    expect(shown.json).toMatchObject({ id: created.json['record'].id, prefix: key.slice(0, 12) });
  });

  it('validates input and reports unknown ids', async () => {
    const invalid = await callAdmin(gateway, 'POST', '/keys', { user: 'bob', limits: { rpm: -1 } });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ error: { code: 'INVALID_REQUEST', param: 'limits.rpm' } });
    const past = await callAdmin(gateway, 'POST', '/keys', { user: 'bob', expires: '2001-01-01' });
    expect(past.json).toMatchObject({ error: { code: 'INVALID_REQUEST', param: 'expires' } });
    const softAboveHard = await callAdmin(gateway, 'POST', '/keys', { user: 'bob', budget: { softUsd: 10, hardUsd: 5 } });
    expect(softAboveHard.json).toMatchObject({ error: { code: 'INVALID_REQUEST', param: 'budget' } });
    const missing = await callAdmin(gateway, 'POST', '/keys/key_doesnotexist/revoke');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: { code: 'RESOURCE_NOT_FOUND' } });
  });

  it('updates limits (merging them) and the new limit applies at once', async () => {
    const created = await callAdmin(gateway, 'POST', '/keys', { user: 'carol', limits: { tpm: 100_000 } });
    const { id } = created.json['record'];
    const updated = await callAdmin(gateway, 'PATCH', `/keys/${id}`, { limits: { rpm: 1 }, budget: { period: 'day', hardUsd: 5 } });
    expect(updated.json).toMatchObject({ limits: { rpm: 1, tpm: 100_000 }, budget: { period: 'day', hardUsd: 5, softUsd: null } });
    expect((await postChat(gateway.url, bearer(created.json['key']))).status).toBe(200);
    expect((await postChat(gateway.url, bearer(created.json['key']))).status).toBe(429);
  });

  it('revokes and rotates, effective at once on this replica', async () => {
    const created = await callAdmin(gateway, 'POST', '/keys', { user: 'dave' });
    const { id } = created.json['record'];
    const oldKey = created.json['key'] as string;
    expect((await postChat(gateway.url, bearer(oldKey))).status).toBe(200);
    const rotated = await callAdmin(gateway, 'POST', `/keys/${id}/rotate`);
    expect(rotated.json['record'].id).toBe(id);
    expect((await postChat(gateway.url, bearer(oldKey))).status).toBe(401);
    expect((await postChat(gateway.url, bearer(rotated.json['key']))).status).toBe(200);
    const revoked = await callAdmin(gateway, 'POST', `/keys/${id}/revoke`);
    expect(revoked.json['status']).toBe('revoked');
    expect((await postChat(gateway.url, bearer(rotated.json['key']))).status).toBe(401);
  });

  it('creates and lists teams whose limits apply to their keys', async () => {
    const put = await callAdmin(gateway, 'PUT', '/teams/research', { description: 'R&D', limits: { rpm: 1 }, budget: { hardUsd: 100 } });
    expect(put.json).toMatchObject({ id: 'research', limits: { rpm: 1 }, budget: { period: 'month', hardUsd: 100 } });
    expect((await callAdmin(gateway, 'GET', '/teams')).json['data']).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'research' })]),
    );
    const created = await callAdmin(gateway, 'POST', '/keys', { user: 'erin', team: 'research' });
    expect((await postChat(gateway.url, bearer(created.json['key']))).status).toBe(200);
    expect((await postChat(gateway.url, bearer(created.json['key']))).status).toBe(429);
  });

  it('reports usage with exact totals', async () => {
    const created = await callAdmin(gateway, 'POST', '/keys', { user: 'frank', team: 'usage-team' });
    for (let index = 0; index < 3; index++) expect((await postChat(gateway.url, bearer(created.json['key']))).status).toBe(200);
    await readUsage(gateway, { by: 'user', team: 'usage-team' }, 3);
    const report = await callAdmin(gateway, 'GET', '/usage?by=user&team=usage-team&since=1d');
    expect(report.json).toMatchObject({
      by: 'user',
      groups: [
        { key: 'frank', requests: 3, inputTokens: 30, outputTokens: 15, costMicroUsd: 3 * COST_PER_REQUEST_MICRO_USD, costUsd: '0.060000' },
      ],
      total: { requests: 3, costUsd: '0.060000' },
    });
    const bad = await callAdmin(gateway, 'GET', '/usage?by=planet');
    expect(bad.json).toMatchObject({ error: { code: 'INVALID_REQUEST', param: 'by' } });
  });

  it('records every admin action with its actor, never a secret', async () => {
    const events = await callAdmin(gateway, 'GET', '/events?actor=admin:ops&limit=500');
    const actions = new Set((events.json['data'] as { action: string }[]).map((event) => event.action));
    expect([...actions].sort()).toEqual(['key.create', 'key.revoke', 'key.rotate', 'key.update', 'team.upsert']);
    expect(events.text).not.toMatch(/alk_[0-9A-Za-z]{40}/);
    expect(events.text).not.toContain(ADMIN_KEY);
  });
});

describe('the admin API without admin credentials configured', () => {
  it('is off, and says how to turn it on', async () => {
    const gateway = await startTestGateway(createCloudConfig(upstream.url), CLOUD_ENV);
    try {
      const response = await callAdmin(gateway, 'GET', '/keys');
      expect(response.status).toBe(401);
      expect(response.json['error'].message).toContain('$AIRLOCK_ADMIN_KEYS');
    } finally {
      await gateway.close();
    }
  });
});
