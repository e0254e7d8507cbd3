import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../../src/errors/airlock-error.js';
import type { UsageRecord, UsageTotals } from '../../../src/store/types.js';
import type { StoreContext } from '../store-contract.js';
import { uniqueId } from './unique-id.js';

function makeRow(overrides: Partial<UsageRecord>): UsageRecord {
  return {
    requestId: uniqueId('req'),
    time: new Date('2026-07-15T12:00:00Z'),
    keyId: 'key_a',
    user: 'alice',
    team: 'payments',
    surface: 'openai',
    requestedModel: 'gpt-4o',
    destination: 'openai',
    upstreamModel: 'gpt-4o-2024-08-06',
    inputTokens: 100,
    outputTokens: 20,
    estimated: false,
    costMicroUsd: 450,
    status: 200,
    outcome: 'ok',
    ...overrides,
  };
}

function totals(requests: number, inputTokens: number, outputTokens: number, costMicroUsd: number, estimatedRequests = 0): UsageTotals {
  return { requests, inputTokens, outputTokens, costMicroUsd, estimatedRequests };
}

export function describeUsageContract(context: StoreContext): void {
  describe('usage', () => {
    it('records a request once: the same request id again keeps the first row', async () => {
      const team = uniqueId('team');
      const row = makeRow({ team });
      expect(await context.store.usage.record(row)).toBe(true);
      expect(await context.store.usage.record({ ...row, inputTokens: 999 })).toBe(false);
      const summary = await context.store.usage.summarize({ by: 'team', team });
      expect(summary.groups).toEqual([{ key: team, ...totals(1, 100, 20, 450) }]);
    });

    it('groups by every dimension with exact sums, nulls kept as their own group', async () => {
      const team = uniqueId('team');
      await context.store.usage.record(makeRow({ team, inputTokens: 10, outputTokens: 1, costMicroUsd: 100 }));
      await context.store.usage.record(
        makeRow({ team, user: 'bob', keyId: 'key_b', inputTokens: 20, outputTokens: 2, costMicroUsd: 300, estimated: true }),
      );
      await context.store.usage.record(
        makeRow({
          team,
          user: 'bob',
          keyId: 'key_b',
          requestedModel: 'local',
          destination: 'embedded',
          upstreamModel: null,
          inputTokens: 40,
          outputTokens: 4,
          costMicroUsd: 0,
          status: 403,
          outcome: 'POLICY_BLOCKED',
        }),
      );
      const by = async (dimension: Parameters<typeof context.store.usage.summarize>[0]['by']) =>
        context.store.usage.summarize({ by: dimension, team });
      expect((await by('user')).groups).toEqual([
        { key: 'bob', ...totals(2, 60, 6, 300, 1) },
        { key: 'alice', ...totals(1, 10, 1, 100) },
      ]);
      expect((await by('key')).groups.map((group) => group.key)).toEqual(['key_b', 'key_a']);
      expect((await by('model')).groups).toEqual([
        { key: 'gpt-4o', ...totals(2, 30, 3, 400, 1) },
        { key: 'local', ...totals(1, 40, 4, 0) },
      ]);
      expect((await by('destination')).groups.map((group) => group.key)).toEqual(['openai', 'embedded']);
      expect((await by('upstreamModel')).groups).toEqual([
        { key: 'gpt-4o-2024-08-06', ...totals(2, 30, 3, 400, 1) },
        { key: null, ...totals(1, 40, 4, 0) },
      ]);
      const byTeam = await by('team');
      expect(byTeam.groups).toEqual([{ key: team, ...totals(3, 70, 7, 400, 1) }]);
      expect(byTeam.total).toEqual(totals(3, 70, 7, 400, 1));
    });

    it('keeps requests without a team in a null group', async () => {
      const user = uniqueId('user');
      await context.store.usage.record(makeRow({ user, team: null, costMicroUsd: 7 }));
      const summary = await context.store.usage.summarize({ by: 'team', user });
      expect(summary.groups).toEqual([{ key: null, ...totals(1, 100, 20, 7) }]);
    });

    it('filters by time (since inclusive, until exclusive), user and key, and groups by UTC day', async () => {
      const team = uniqueId('team');
      const times = ['2026-08-01T23:59:59.999Z', '2026-08-02T00:00:00.000Z', '2026-08-02T23:00:00.000Z', '2026-08-03T00:00:00.000Z'];
      for (const [index, time] of times.entries()) {
        await context.store.usage.record(makeRow({ team, time: new Date(time), costMicroUsd: 10 ** index, keyId: `key_${index % 2}` }));
      }
      const since = new Date('2026-08-02T00:00:00.000Z');
      const until = new Date('2026-08-03T00:00:00.000Z');
      const window = await context.store.usage.summarize({ by: 'day', team, since, until });
      expect(window.groups).toEqual([{ key: '2026-08-02', ...totals(2, 200, 40, 110) }]);
      const days = await context.store.usage.summarize({ by: 'day', team });
      expect(days.groups.map((group) => [group.key, group.costMicroUsd])).toEqual([
        ['2026-08-03', 1000],
        ['2026-08-02', 110],
        ['2026-08-01', 1],
      ]);
      const key = await context.store.usage.summarize({ by: 'key', team, keyId: 'key_1' });
      expect(key.total).toEqual(totals(2, 200, 40, 1010));
      const nobody = await context.store.usage.summarize({ by: 'user', team, user: 'nobody' });
      expect(nobody).toEqual({ groups: [], total: totals(0, 0, 0, 0) });
    });

    it('sums large costs exactly (beyond 32 bits)', async () => {
      const team = uniqueId('team');
      const cost = 3_000_000_123; // about 3,000 USD in one request
      for (let index = 0; index < 3; index += 1) {
        await context.store.usage.record(makeRow({ team, costMicroUsd: cost, inputTokens: 2_000_000_001 }));
      }
      const summary = await context.store.usage.summarize({ by: 'team', team });
      expect(summary.total.costMicroUsd).toBe(9_000_000_369);
      expect(summary.total.inputTokens).toBe(6_000_000_003);
    });

    it('adds up exactly when two replicas record many requests concurrently', async () => {
      const team = uniqueId('team');
      const replica = await context.openReplica();
      const rows = Array.from({ length: 200 }, (_, index) =>
        makeRow({
          team,
          user: `user-${index % 7}`,
          inputTokens: (index * 37) % 1000,
          outputTokens: (index * 11) % 300,
          costMicroUsd: (index * 7919) % 100_000,
        }),
      );
      const results = await Promise.all(rows.map((row, index) => (index % 2 === 0 ? context.store : replica).usage.record(row)));
      expect(results.every(Boolean)).toBe(true);
      const expected = rows.reduce(
        (sum, row) =>
          totals(
            sum.requests + 1,
            sum.inputTokens + row.inputTokens,
            sum.outputTokens + row.outputTokens,
            sum.costMicroUsd + row.costMicroUsd,
          ),
        totals(0, 0, 0, 0),
      );
      const byUser = await replica.usage.summarize({ by: 'user', team });
      expect(byUser.groups).toHaveLength(7);
      expect(byUser.total).toEqual(expected);
      expect((await context.store.usage.summarize({ by: 'team', team })).total).toEqual(expected);
    });

    it('records a batch with every value kept as given: any text, nulls, flags, millisecond times', async () => {
      const team = uniqueId('team');
      const odd = `quote" back\\slash ü 😀 ${team}`;
      const rows = [
        makeRow({ team, user: odd, upstreamModel: null, destination: null, estimated: true, time: new Date('2026-09-01T00:00:00.001Z') }),
        makeRow({
          team,
          user: null,
          requestedModel: odd,
          status: 502,
          outcome: 'UPSTREAM_ERROR',
          time: new Date('2026-08-31T23:59:59.999Z'),
        }),
      ];
      expect(await context.store.usage.recordMany(rows)).toBe(2);
      expect(await context.store.usage.recordMany(rows)).toBe(0);
      const byUser = await context.store.usage.summarize({ by: 'user', team });
      expect(byUser.groups.map((group) => [group.key, group.estimatedRequests])).toEqual([
        [odd, 1],
        [null, 0],
      ]);
      const byModel = await context.store.usage.summarize({ by: 'model', team });
      expect(byModel.groups.map((group) => group.key).sort()).toEqual(['gpt-4o', odd].sort());
      const byUpstream = await context.store.usage.summarize({ by: 'upstreamModel', team });
      expect(byUpstream.groups.map((group) => group.key)).toEqual(['gpt-4o-2024-08-06', null]);
      const september = await context.store.usage.summarize({ by: 'day', team, since: new Date('2026-09-01T00:00:00.001Z') });
      expect(september.groups).toEqual([{ key: '2026-09-01', ...totals(1, 100, 20, 450, 1) }]);
    });

    it('refuses negative or fractional counts with INVALID_REQUEST', async () => {
      for (const bad of [{ inputTokens: -1 }, { outputTokens: 1.5 }, { costMicroUsd: -5 }]) {
        const failure = await context.store.usage.record(makeRow(bad)).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(AirlockError);
        expect((failure as AirlockError).code).toBe('INVALID_REQUEST');
      }
    });
  });
}
