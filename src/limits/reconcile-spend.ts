import type { Store, UsageGroupBy } from '../store/types.js';
import { BUDGET_PERIODS, getPeriodStart } from './budget-period.js';
import type { LimitScope, Limiter, SpendEntry } from './types.js';

const SCOPES: readonly [UsageGroupBy, LimitScope][] = [
  ['key', 'key'],
  ['team', 'team'],
];

/**
 * Raises the limiter's spend counters for the current day and month to the totals of the usage
 * table (the truth), per key and per team. Call it at start and then every few minutes: after a
 * restart the in-memory counters come back, after a Redis loss the shared ones do, and spend
 * dropped while Redis was down (failMode open) is counted again. Never lowers a counter, so
 * replicas may run it at the same time. Returns how many counters it offered.
 */
export async function reconcileSpendFromStore(store: Store, limiter: Limiter, now: Date = new Date()): Promise<number> {
  const entries: SpendEntry[] = [];
  for (const period of BUDGET_PERIODS) {
    const since = getPeriodStart(period, now.getTime());
    for (const [by, scope] of SCOPES) {
      const summary = await store.usage.summarize({ by, since });
      for (const group of summary.groups) {
        if (group.key !== null && group.costMicroUsd > 0)
          entries.push({ scope, id: group.key, period, at: now, microUsd: group.costMicroUsd });
      }
    }
  }
  await limiter.reconcileSpend(entries);
  return entries.length;
}
