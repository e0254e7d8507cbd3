import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLimiter } from '../../src/limits/memory/memory-limiter.js';
import { reconcileSpendFromStore } from '../../src/limits/reconcile-spend.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store, UsageRecord } from '../../src/store/types.js';
import { RedisTestHarness } from './redis-test-harness.js';

const directory = mkdtempSync(path.join(tmpdir(), 'airlock-reconcile-'));
const harness = new RedisTestHarness();
let store: Store;
const now = new Date('2026-09-15T12:00:00Z');

function row(requestId: string, time: string, keyId: string, team: string | null, costMicroUsd: number): UsageRecord {
  return {
    requestId,
    time: new Date(time),
    keyId,
    user: 'u',
    team,
    surface: 'openai',
    requestedModel: 'm',
    destination: 'd',
    upstreamModel: 'm',
    inputTokens: 1,
    outputTokens: 1,
    estimated: false,
    costMicroUsd,
    status: 200,
    outcome: 'ok',
  };
}

beforeAll(async () => {
  store = createSqliteStore({ path: path.join(directory, 'airlock.db') });
  await store.migrate();
  await store.usage.record(row('r1', '2026-08-31T23:00:00Z', 'key_a', 'payments', 1_000)); // last month: not counted
  await store.usage.record(row('r2', '2026-09-02T10:00:00Z', 'key_a', 'payments', 200)); // this month, earlier day
  await store.usage.record(row('r3', '2026-09-15T09:00:00Z', 'key_a', 'payments', 30)); // today
  await store.usage.record(row('r4', '2026-09-15T10:00:00Z', 'key_b', null, 4)); // today, no team
});

afterAll(async () => {
  await store.close();
  await harness.cleanUp();
  rmSync(directory, { recursive: true, force: true });
});

const subjects = (period: 'day' | 'month') => [
  { scope: 'key' as const, id: 'key_a', budget: { period, softMicroUsd: null, hardMicroUsd: null } },
  { scope: 'team' as const, id: 'payments', budget: { period, softMicroUsd: null, hardMicroUsd: null } },
  { scope: 'key' as const, id: 'key_b', budget: { period, softMicroUsd: null, hardMicroUsd: null } },
];

describe('reconcileSpendFromStore', () => {
  for (const [name, create] of [
    ['memory', () => createMemoryLimiter({ clock: () => now.getTime() })],
    ['redis', () => harness.createLimiter({ clock: () => now.getTime() })],
  ] as const) {
    it(`brings spend back after a restart (${name}): this day and this month, per key and team`, async () => {
      const limiter = create();
      try {
        // key_a, key_b and payments, for the day and for the month.
        expect(await reconcileSpendFromStore(store, limiter, now)).toBe(6);
        const spent = async (period: 'day' | 'month') =>
          (await limiter.checkBudget(subjects(period))).subjects.map((subject) => subject.spentMicroUsd);
        expect(await spent('day')).toEqual([30, 30, 4]);
        expect(await spent('month')).toEqual([230, 230, 4]);
        // Running it again (another replica starting) changes nothing; new spend on top stays.
        await limiter.addSpend([{ scope: 'key', id: 'key_a' }], 5);
        await reconcileSpendFromStore(store, limiter, now);
        expect(await spent('month')).toEqual([235, 230, 4]);
      } finally {
        await limiter.close();
      }
    });
  }
});
