import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import {
  bearer,
  CLOUD_ENV,
  COST_PER_REQUEST_MICRO_USD,
  createCloudConfig,
  issueKey,
  postChat,
  startAccountingUpstream,
} from '../auth/gateway-fixtures.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { RedisTestHarness, TEST_REDIS_URL } from '../limits/redis-test-harness.js';

const redis = new RedisTestHarness();
let upstream: LoopbackServer;

beforeAll(async () => {
  upstream = await startAccountingUpstream();
});

afterAll(async () => {
  await upstream?.close();
  await redis.cleanUp();
});

/** A budget in micro-dollars: `requests` requests of $0.02 each, plus half of one. */
const budgetFor = (requests: number): number => requests * COST_PER_REQUEST_MICRO_USD + COST_PER_REQUEST_MICRO_USD / 2;

async function sendUntilRefused(
  gateway: TestGateway,
  key: string,
  most = 10,
): Promise<{ accepted: number; refusal: Awaited<ReturnType<typeof postChat>> }> {
  for (let accepted = 0; accepted < most; accepted++) {
    const response = await postChat(gateway.url, bearer(key));
    if (response.status !== 200) return { accepted, refusal: response };
  }
  throw new Error(`no refusal after ${most} requests`);
}

const backends: [string, () => ConfigInput['limits']][] = [
  ['memory', () => ({ kind: 'memory' })],
  ['redis', () => ({ kind: 'redis', url: TEST_REDIS_URL, keyPrefix: redis.createPrefix() })],
];

describe.each(backends)('budgets through the gateway (%s limiter)', (name, limits) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(createCloudConfig(upstream.url, { auth: { anonymous: false }, limits: limits() }), CLOUD_ENV);
  });
  afterAll(() => gateway?.close());

  it('blocks a key once its hard budget is spent, with OpenAI’s insufficient_quota error', async () => {
    const key = await issueKey(gateway, { user: 'alice', budget: { period: 'month', softMicroUsd: null, hardMicroUsd: budgetFor(2) } });
    const { accepted, refusal } = await sendUntilRefused(gateway, key);
    // $0.00, $0.02 and $0.04 are under $0.05: three admitted; the fourth finds $0.06 spent.
    expect(accepted).toBe(3);
    expect(refusal.status).toBe(429);
    expect(refusal.body).toMatchObject({ error: { code: 'BUDGET_EXCEEDED', type: 'insufficient_quota' } });
    expect(String((refusal.body['error'] as { message: string }).message)).toMatch(
      /monthly budget of key key_\w+ is used up \(0\.060000 of 0\.050000 USD; it resets at \d{4}-\d{2}-01T00:00:00\.000Z\)/,
    );
    expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThan(0);
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 429,
      code: 'BUDGET_EXCEEDED',
    });
  });

  it('warns in x-airlock-budget-warning past the soft budget and still serves', async () => {
    const key = await issueKey(gateway, { user: 'bob', budget: { period: 'day', softMicroUsd: budgetFor(1), hardMicroUsd: null } });
    const first = await postChat(gateway.url, bearer(key));
    expect(first.headers.get('x-airlock-budget-warning')).toBeNull();
    await postChat(gateway.url, bearer(key));
    const warned = await postChat(gateway.url, bearer(key));
    expect(warned.status).toBe(200);
    expect(warned.headers.get('x-airlock-budget-warning')).toMatch(
      /^scope=key; id=key_\w+; period=day; spent_usd=0\.040000; soft_usd=0\.030000$/,
    );
  });

  it('charges the team: its keys share the team budget', async () => {
    const team = `finance-${name}`;
    await gateway.access.store.teams.upsert({ id: team, budget: { period: 'month', softMicroUsd: null, hardMicroUsd: budgetFor(1) } });
    const one = await issueKey(gateway, { user: 'carol', team });
    const two = await issueKey(gateway, { user: 'dave', team });
    expect((await postChat(gateway.url, bearer(one))).status).toBe(200);
    expect((await postChat(gateway.url, bearer(two))).status).toBe(200);
    const refused = await postChat(gateway.url, bearer(one));
    expect(refused.status).toBe(429);
    expect(String((refused.body['error'] as { message: string }).message)).toContain(`team "${team}"`);
  });
});

describe('budgets survive a restart', () => {
  it('reconciles spend from the usage table at start (in-memory limiter, same SQLite store)', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'airlock-budget-restart-'));
    try {
      const config = createCloudConfig(upstream.url, { auth: { anonymous: false } });
      const first = await startTestGateway(config, CLOUD_ENV, { dataDir });
      const key = await issueKey(first, { user: 'erin', budget: { period: 'month', softMicroUsd: null, hardMicroUsd: budgetFor(1) } });
      expect((await postChat(first.url, bearer(key))).status).toBe(200);
      expect((await postChat(first.url, bearer(key))).status).toBe(200);
      await first.close();
      const second = await startTestGateway(config, CLOUD_ENV, { dataDir });
      try {
        expect((await postChat(second.url, bearer(key))).body).toMatchObject({ error: { code: 'BUDGET_EXCEEDED' } });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
