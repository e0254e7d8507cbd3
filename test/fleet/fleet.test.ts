/**
 * The fleet shape, for real: two gateway processes on one PostgreSQL (a schema unique to this run)
 * and one Redis (a key prefix unique to this run), with nothing in front — the test alternates
 * between them — against one loopback OpenAI-compatible upstream. See DEVELOPERS.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  bearer,
  CLOUD_ENV,
  COST_PER_REQUEST_MICRO_USD,
  PRICING,
  postChat,
  startAccountingUpstream,
  waitFor,
} from '../auth/gateway-fixtures.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { RedisTestHarness, TEST_REDIS_URL } from '../limits/redis-test-harness.js';
import { TEST_DATABASE_URL, TestSchemas } from '../store/postgres-test-database.js';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';

const ADMIN_KEY = 'fleet-admin-secret-0123456789';
const KEY_CACHE_TTL_MS = 1_000;
const schemas = new TestSchemas();
const redis = new RedisTestHarness();
let directory: string;
let upstream: LoopbackServer;
let replicas: GatewayProcess[] = [];
/** Requests each key got answered, as the clients saw them. */
const accepted = new Map<string, number>();

beforeAll(async () => {
  upstream = await startAccountingUpstream();
  directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-fleet-'));
  const configFile = path.join(directory, 'fleet.yaml');
  writeFileSync(
    configFile,
    stringify({
      server: { host: '127.0.0.1', port: 0, ollama: false },
      log: { level: 'warn' },
      store: { kind: 'postgres', urlEnv: 'AIRLOCK_DATABASE_URL', schema: schemas.create() },
      limits: { kind: 'redis', url: TEST_REDIS_URL, keyPrefix: redis.createPrefix() },
      auth: { keyCacheTtlMs: KEY_CACHE_TTL_MS },
      destinations: {
        cloud: {
          kind: 'openai-compatible',
          tier: 'enterprise',
          retention: 'zero',
          baseUrl: `${upstream.url}/v1`,
          apiKeyEnv: 'CLOUD_KEY',
          retries: { max: 0 },
        },
      },
      models: { 'gpt-4o': { destination: 'cloud', upstream: 'gpt-4o-2024-08-06' } },
      pricing: PRICING,
    }),
  );
  const env = { ...CLOUD_ENV, AIRLOCK_DATABASE_URL: TEST_DATABASE_URL, AIRLOCK_ADMIN_KEYS: `fleet:${ADMIN_KEY}` };
  // Both start at once: they race to migrate the same empty schema (an advisory lock serialises it).
  replicas = await Promise.all([
    startGatewayProcess('replica A', configFile, path.join(directory, 'a'), env),
    startGatewayProcess('replica B', configFile, path.join(directory, 'b'), env),
  ]);
}, 40_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await upstream?.close();
  await schemas.dropAll();
  await redis.cleanUp();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

async function createKey(replica: GatewayProcess, body: Record<string, unknown>): Promise<{ key: string; id: string }> {
  const response = await fetch(`${replica.url}/admin/keys`, {
    method: 'POST',
    headers: { ...bearer(ADMIN_KEY), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { key: string; record: { id: string } };
  accepted.set(created.record.id, 0);
  return { key: created.key, id: created.record.id };
}

async function send(replica: GatewayProcess, key: { key: string; id: string }) {
  const response = await postChat(replica.url, bearer(key.key));
  if (response.status === 200) accepted.set(key.id, (accepted.get(key.id) ?? 0) + 1);
  return response;
}

const [a, b] = [() => replicas[0] as GatewayProcess, () => replicas[1] as GatewayProcess];

describe('two replicas on one PostgreSQL and one Redis', () => {
  it('hold a key’s rpm limit together: tolerance 0 (one atomic Redis script per admission)', async () => {
    const key = await createKey(a(), { user: 'alice', limits: { rpm: 10 } });
    // 30 requests at once, alternating between the replicas.
    const responses = await Promise.all(Array.from({ length: 30 }, (_unused, index) => send(index % 2 === 0 ? a() : b(), key)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
    for (const response of responses.filter((candidate) => candidate.status === 429)) {
      expect(response.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
  });

  it('enforce a hard budget together (stated tolerance: one request admitted while the last spend is in flight)', async () => {
    // $0.11: five requests of $0.02 leave $0.10 spent, still under it, so a sixth is admitted.
    const key = await createKey(b(), { user: 'bob', budget: { period: 'month', hardUsd: 0.11 } });
    let refusal;
    for (let index = 0; index < 12 && refusal === undefined; index++) {
      const response = await send(index % 2 === 0 ? a() : b(), key);
      if (response.status !== 200) refusal = response;
    }
    expect(refusal?.body).toMatchObject({ error: { code: 'BUDGET_EXCEEDED' } });
    expect(accepted.get(key.id)).toBeGreaterThanOrEqual(6);
    expect(accepted.get(key.id)).toBeLessThanOrEqual(7);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const replica of [a(), b()]) expect((await send(replica, key)).body).toMatchObject({ error: { code: 'BUDGET_EXCEEDED' } });
  });

  it('honour a revocation made on one replica on the other within the key cache TTL', async () => {
    const key = await createKey(a(), { user: 'carol' });
    expect((await send(a(), key)).status).toBe(200);
    expect((await send(b(), key)).status).toBe(200);
    const revokedAt = performance.now();
    const revoked = await fetch(`${a().url}/admin/keys/${key.id}/revoke`, { method: 'POST', headers: bearer(ADMIN_KEY) });
    expect(revoked.status).toBe(200);
    expect((await send(a(), key)).status).toBe(401);
    await waitFor(async () => (await send(b(), key)).status === 401, KEY_CACHE_TTL_MS * 3, 25);
    // B trusted its cached lookup for at most the TTL; allow polling and request time on a busy machine.
    expect(performance.now() - revokedAt).toBeLessThanOrEqual(KEY_CACHE_TTL_MS + 500);
  });

  it('add up usage exactly: every answered request is one row, with the upstream’s tokens and the priced cost', async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const totalAccepted = [...accepted.values()].reduce((sum, count) => sum + count, 0);
    expect(upstream.requests.length).toBe(totalAccepted);
    for (const replica of [a(), b()]) {
      const response = await fetch(`${replica.url}/admin/usage?by=key`, { headers: bearer(ADMIN_KEY) });
      const report = (await response.json()) as {
        groups: { key: string; requests: number; inputTokens: number; outputTokens: number; costMicroUsd: number }[];
        total: { requests: number; costMicroUsd: number };
      };
      for (const [id, count] of accepted) {
        const group = report.groups.find((candidate) => candidate.key === id);
        expect({ id, requests: group?.requests ?? 0 }).toEqual({ id, requests: count });
        if (count > 0)
          expect(group).toMatchObject({
            inputTokens: 10 * count,
            outputTokens: 5 * count,
            costMicroUsd: COST_PER_REQUEST_MICRO_USD * count,
          });
      }
      expect(report.total).toMatchObject({ requests: totalAccepted, costMicroUsd: COST_PER_REQUEST_MICRO_USD * totalAccepted });
    }
  });
});
