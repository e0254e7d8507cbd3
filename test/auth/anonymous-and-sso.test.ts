import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { bearer, CLOUD_ENV, createCloudConfig, issueKey, postChat, readUsage, startAccountingUpstream } from './gateway-fixtures.js';
import { startLoopbackIssuer, type LoopbackIssuer } from './loopback-issuer.js';

const AUDIENCE = 'airlock';
let upstream: LoopbackServer;
let issuer: LoopbackIssuer;

beforeAll(async () => {
  upstream = await startAccountingUpstream();
  issuer = await startLoopbackIssuer(AUDIENCE);
});

afterAll(async () => {
  await upstream?.close();
  await issuer?.close();
});

const BLOCK_CONTRACTORS = { rules: [{ name: 'no-contractors', when: { teams: ['contractors'] }, action: 'block' as const }] };

describe('the embedded default: loopback, nothing configured', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(createCloudConfig(upstream.url, { policy: BLOCK_CONTRACTORS }), CLOUD_ENV);
  });
  afterAll(() => gateway?.close());

  it('serves anonymous requests, even with the placeholder key SDKs insist on', async () => {
    expect(gateway.access.mode.anonymous).toBe(true);
    expect((await postChat(gateway.url, {})).status).toBe(200);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'sk-anything', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBe('Hello there');
  });

  it('labels usage and selects policy rules with the untrusted x-airlock-user / x-airlock-team headers', async () => {
    expect((await postChat(gateway.url, { 'x-airlock-user': 'ivan', 'x-airlock-team': 'data' })).status).toBe(200);
    const usage = await readUsage(gateway, { by: 'team', user: 'ivan' });
    expect(usage.groups).toEqual([expect.objectContaining({ key: 'data', requests: 1, inputTokens: 10, outputTokens: 5 })]);
    expect((await postChat(gateway.url, { 'x-airlock-team': 'contractors' })).status).toBe(403);
    const invalid = await postChat(gateway.url, { 'x-airlock-user': 'x'.repeat(200) });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: { code: 'INVALID_REQUEST', param: 'x-airlock-user' } });
  });

  it('still verifies an Airlock key when one is presented: a bad one is refused, not served anonymously', async () => {
    expect((await postChat(gateway.url, bearer(`alk_${'z'.repeat(40)}`))).status).toBe(401);
    const key = await issueKey(gateway, { user: 'judy', team: 'platform' });
    expect((await postChat(gateway.url, bearer(key))).status).toBe(200);
    expect((await readUsage(gateway, { by: 'user', team: 'platform' })).groups[0]?.key).toBe('judy');
  });
});

describe('start-up safety', () => {
  it('refuses to listen beyond loopback without credentials', async () => {
    await expect(
      startTestGateway(createCloudConfig(upstream.url, { server: { host: '0.0.0.0', ollama: false } }), CLOUD_ENV),
    ).rejects.toBeInstanceOf(ConfigError);
  });

  it('starts beyond loopback when admin keys are configured, and then requires credentials', async () => {
    const gateway = await startTestGateway(createCloudConfig(upstream.url, { server: { host: '0.0.0.0', ollama: false } }), {
      ...CLOUD_ENV,
      AIRLOCK_ADMIN_KEYS: 'ops:admin-secret-for-start-test-0001',
    });
    try {
      expect(gateway.access.mode).toMatchObject({ anonymous: false, loopbackOnly: false });
      const port = new URL(gateway.url).port;
      expect((await postChat(`http://127.0.0.1:${port}`, {})).status).toBe(401);
    } finally {
      await gateway.close();
    }
  });
});

describe('SSO: tokens from an OIDC issuer', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(
      createCloudConfig(upstream.url, {
        policy: BLOCK_CONTRACTORS,
        auth: {
          oidc: { issuer: issuer.issuer, audience: AUDIENCE, userClaim: 'email', teamsClaim: 'groups', adminTeams: ['airlock-admins'] },
        },
      }),
      CLOUD_ENV,
    );
  });
  afterAll(() => gateway?.close());

  it('serves a valid token with the official client and charges usage to its user and first team', async () => {
    expect(gateway.access.mode.anonymous).toBe(false);
    const token = await issuer.sign({ sub: 'u-42', email: 'kim@example.com', groups: ['ml', 'platform'] });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: token, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    const usage = await readUsage(gateway, { by: 'team', user: 'kim@example.com' });
    expect(usage.groups).toEqual([expect.objectContaining({ key: 'ml', requests: 1 })]);
    expect(JSON.stringify(upstream.lastRequest().headers)).not.toContain(token.slice(0, 40));
  });

  it('refuses expired, foreign and wrong-audience tokens with 401', async () => {
    for (const token of [
      await issuer.sign({ email: 'kim@example.com' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 }),
      await issuer.sign({ email: 'kim@example.com' }, { key: 'foreign' }),
      await issuer.sign({ email: 'kim@example.com' }, { audience: 'another-app' }),
    ]) {
      const response = await postChat(gateway.url, bearer(token));
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('applies policy team rules and the first team’s limits to SSO users', async () => {
    const contractor = await issuer.sign({ email: 'lee@example.com', groups: ['contractors'] });
    expect((await postChat(gateway.url, bearer(contractor))).status).toBe(403);
    await gateway.access.store.teams.upsert({ id: 'tiny', limits: { rpm: 1 } });
    const token = await issuer.sign({ email: 'mo@example.com', groups: ['tiny'] });
    expect((await postChat(gateway.url, bearer(token))).status).toBe(200);
    const limited = await postChat(gateway.url, bearer(token));
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });

  it('lets members of an admin team use the admin API with their token, and no one else', async () => {
    const admin = await issuer.sign({ email: 'root@example.com', groups: ['airlock-admins'] });
    const allowed = await fetch(`${gateway.url}/admin/teams`, { headers: bearer(admin) });
    expect(allowed.status).toBe(200);
    const user = await issuer.sign({ email: 'kim@example.com', groups: ['ml'] });
    const forbidden = await fetch(`${gateway.url}/admin/teams`, { headers: bearer(user) });
    expect(forbidden.status).toBe(403);
    const created = await fetch(`${gateway.url}/admin/keys`, {
      method: 'POST',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'svc-ci' }),
    });
    expect(created.status).toBe(201);
    const [event] = await gateway.access.store.adminEvents.list({ action: 'key.create' });
    expect(event?.actor).toBe('sso:root@example.com');
  });
});
