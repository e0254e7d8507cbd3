import { formatMicroUsd } from '../identity/pricing.js';
import type { BudgetCheck, BudgetSubjectStatus } from '../limits/types.js';

/** `key key_abc` / `team "platform"`: how a budget's owner is named in messages. */
function nameSubject(subject: Pick<BudgetSubjectStatus, 'scope' | 'id'>): string {
  return subject.scope === 'key' ? `key ${subject.id}` : `${subject.scope} "${subject.id}"`;
}

function nameLimit(value: number | null): string {
  return value === null ? 'none' : formatMicroUsd(value);
}

/**
 * The `x-airlock-budget-warning` header for subjects past their soft budget: one entry per
 * subject, `scope=team; id=platform; period=month; spent_usd=81.000000; soft_usd=80.000000`, with
 * the id percent-encoded so the header stays ASCII whatever the team is called.
 */
export function formatBudgetWarning(check: BudgetCheck): string | undefined {
  const warned = check.subjects.filter((subject) => subject.status === 'soft-exceeded');
  if (warned.length === 0) return undefined;
  return warned
    .map(
      (subject) =>
        `scope=${subject.scope}; id=${encodeURIComponent(subject.id)}; period=${subject.period}; ` +
        `spent_usd=${formatMicroUsd(subject.spentMicroUsd)}; soft_usd=${nameLimit(subject.softMicroUsd)}`,
    )
    .join(', ');
}

/** The client-facing message of BUDGET_EXCEEDED: whose budget, how much, and when it resets. */
export function describeExceededBudget(check: BudgetCheck): string {
  const blocking = check.subjects.filter((subject) => subject.status === 'hard-exceeded');
  const parts = blocking.map(
    (subject) =>
      `the ${subject.period === 'day' ? 'daily' : 'monthly'} budget of ${nameSubject(subject)} is used up ` +
      `(${formatMicroUsd(subject.spentMicroUsd)} of ${nameLimit(subject.hardMicroUsd)} USD; it resets at ${subject.periodEnd.toISOString()})`,
  );
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
