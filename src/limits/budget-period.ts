import type { Budget, BudgetPeriod } from '../store/types.js';
import type { BudgetCheck, BudgetStatus, BudgetSubject, BudgetSubjectStatus } from './types.js';

/** `2026-07-15` for a day, `2026-07` for a month (UTC). */
export function getPeriodKey(period: BudgetPeriod, at: number): string {
  // Asked several times per request (every budget, every spend): format once per UTC day.
  const day = Math.floor(at / DAY_MS);
  if (day !== cachedDay) {
    const iso = new Date(day * DAY_MS).toISOString();
    cachedDay = day;
    cachedKeys = { day: iso.slice(0, 10), month: iso.slice(0, 7) };
  }
  return cachedKeys[period];
}

const DAY_MS = 86_400_000;
let cachedDay = Number.NaN;
let cachedKeys: Record<BudgetPeriod, string> = { day: '', month: '' };

export function getPeriodStart(period: BudgetPeriod, at: number): Date {
  const date = new Date(at);
  const day = period === 'day' ? date.getUTCDate() : 1;
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), day));
}

export function getPeriodEnd(period: BudgetPeriod, at: number): Date {
  const date = new Date(at);
  return period === 'day'
    ? new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1))
    : new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

function rankStatus(status: BudgetStatus): number {
  return status === 'hard-exceeded' ? 2 : status === 'soft-exceeded' ? 1 : 0;
}

export function evaluateBudget(subject: BudgetSubject & { budget: Budget }, spentMicroUsd: number, now: number): BudgetSubjectStatus {
  const { hardMicroUsd, softMicroUsd, period } = subject.budget;
  let status: BudgetStatus = 'ok';
  if (hardMicroUsd !== null && spentMicroUsd >= hardMicroUsd) status = 'hard-exceeded';
  else if (softMicroUsd !== null && spentMicroUsd >= softMicroUsd) status = 'soft-exceeded';
  return {
    scope: subject.scope,
    id: subject.id,
    status,
    period,
    spentMicroUsd,
    softMicroUsd,
    hardMicroUsd,
    periodEnd: getPeriodEnd(period, now),
  };
}

/** The overall status is the worst; retry-after points at the end of the earliest blocking period. */
export function combineBudgetStatuses(statuses: BudgetSubjectStatus[], now: number): BudgetCheck {
  let status: BudgetStatus = 'ok';
  let blockedUntil = Infinity;
  for (const entry of statuses) {
    if (rankStatus(entry.status) > rankStatus(status)) status = entry.status;
    if (entry.status === 'hard-exceeded') blockedUntil = Math.min(blockedUntil, entry.periodEnd.getTime());
  }
  const check: BudgetCheck = { status, subjects: statuses };
  if (status === 'hard-exceeded') check.retryAfterSeconds = Math.max(1, Math.ceil((blockedUntil - now) / 1_000));
  return check;
}

/** Subjects that have a budget, typed as such. */
export function selectBudgeted(subjects: readonly BudgetSubject[]): (BudgetSubject & { budget: Budget })[] {
  return subjects.filter((subject): subject is BudgetSubject & { budget: Budget } => subject.budget !== null);
}

export const BUDGET_PERIODS: readonly BudgetPeriod[] = ['day', 'month'];
