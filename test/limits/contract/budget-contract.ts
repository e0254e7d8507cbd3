import { describe, expect, it } from 'vitest';
import type { BudgetSubject } from '../../../src/limits/types.js';
import type { LimiterFactory } from '../limiter-contract.js';

const monthly: BudgetSubject = {
  scope: 'team',
  id: 'payments',
  budget: { period: 'month', softMicroUsd: 800, hardMicroUsd: 1_000 },
};
const daily: BudgetSubject = { scope: 'key', id: 'k1', budget: { period: 'day', softMicroUsd: null, hardMicroUsd: 300 } };

export function describeBudgetContract(createLimiter: LimiterFactory): void {
  describe('budgets', () => {
    it('is ok with no budget, and ok below the soft limit', async () => {
      const limiter = createLimiter();
      expect(await limiter.checkBudget([{ scope: 'key', id: 'k1', budget: null }])).toEqual({ status: 'ok', subjects: [] });
      await limiter.addSpend([{ scope: 'team', id: 'payments' }], 799);
      const check = await limiter.checkBudget([monthly]);
      expect(check.status).toBe('ok');
      expect(check.subjects).toEqual([
        expect.objectContaining({ scope: 'team', id: 'payments', spentMicroUsd: 799, status: 'ok', period: 'month' }),
      ]);
    });

    it('warns past the soft limit and blocks at the hard limit until the period ends', async () => {
      const now = Date.parse('2026-07-31T22:00:00Z');
      const limiter = createLimiter({ clock: () => now });
      await limiter.addSpend([{ scope: 'team', id: 'payments' }], 800);
      expect((await limiter.checkBudget([monthly])).status).toBe('soft-exceeded');
      await limiter.addSpend([{ scope: 'team', id: 'payments' }], 200);
      const check = await limiter.checkBudget([monthly]);
      expect(check.status).toBe('hard-exceeded');
      expect(check.retryAfterSeconds).toBe(2 * 3_600);
      expect(check.subjects[0]?.periodEnd).toEqual(new Date('2026-08-01T00:00:00Z'));
    });

    it('reports the worst subject and the earliest blocking period', async () => {
      const now = Date.parse('2026-07-15T12:00:00Z');
      const limiter = createLimiter({ clock: () => now });
      await limiter.addSpend(
        [
          { scope: 'key', id: 'k1' },
          { scope: 'team', id: 'payments' },
        ],
        900,
      );
      const check = await limiter.checkBudget([daily, monthly]);
      expect(check.status).toBe('hard-exceeded');
      expect(check.subjects.map((subject) => subject.status)).toEqual(['hard-exceeded', 'soft-exceeded']);
      expect(check.retryAfterSeconds).toBe(12 * 3_600);
    });

    it('starts each UTC day and month from zero, counting both for every subject', async () => {
      let now = Date.parse('2026-07-15T23:59:59Z');
      const limiter = createLimiter({ clock: () => now });
      await limiter.addSpend([{ scope: 'key', id: 'k1' }], 300);
      expect((await limiter.checkBudget([daily])).status).toBe('hard-exceeded');
      now = Date.parse('2026-07-16T00:00:00Z');
      const nextDay = await limiter.checkBudget([
        daily,
        { scope: 'key', id: 'k1', budget: { period: 'month', softMicroUsd: null, hardMicroUsd: 1_000 } },
      ]);
      expect(nextDay.subjects.map((subject) => subject.spentMicroUsd)).toEqual([0, 300]);
      now = Date.parse('2026-08-01T00:00:00Z');
      expect(
        (await limiter.checkBudget([{ scope: 'key', id: 'k1', budget: { period: 'month', softMicroUsd: null, hardMicroUsd: 1 } }]))
          .subjects[0]?.spentMicroUsd,
      ).toBe(0);
    });

    it('reconciles spend from the store upwards only', async () => {
      const now = Date.parse('2026-07-15T12:00:00Z');
      const limiter = createLimiter({ clock: () => now });
      await limiter.addSpend([{ scope: 'team', id: 'payments' }], 500);
      await limiter.reconcileSpend([
        { scope: 'team', id: 'payments', period: 'month', at: new Date(now), microUsd: 300 },
        { scope: 'team', id: 'payments', period: 'day', at: new Date(now), microUsd: 950 },
      ]);
      const check = await limiter.checkBudget([monthly, { ...monthly, budget: { period: 'day', softMicroUsd: null, hardMicroUsd: null } }]);
      expect(check.subjects.map((subject) => subject.spentMicroUsd)).toEqual([500, 950]);
    });

    it('adds up exactly under concurrent spending', async () => {
      const limiter = createLimiter();
      await Promise.all(Array.from({ length: 100 }, (_, index) => limiter.addSpend([{ scope: 'team', id: 'payments' }], index + 1)));
      const check = await limiter.checkBudget([{ ...monthly, budget: { period: 'month', softMicroUsd: null, hardMicroUsd: null } }]);
      expect(check.subjects[0]?.spentMicroUsd).toBe(5_050);
    });
  });
}
