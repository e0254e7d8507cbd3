import { randomUUID } from 'node:crypto';
import { BUDGET_PERIODS, combineBudgetStatuses, evaluateBudget, getPeriodKey, selectBudgeted } from '../budget-period.js';
import { buildRateLimitHeaders, toRetryAfterSeconds, type SubjectSnapshot } from '../rate-limit-headers.js';
import { selectLimited } from '../subjects.js';
import type {
  AcquireOptions,
  AcquireResult,
  BudgetCheck,
  BudgetSubject,
  LimitScope,
  LimitSubject,
  Limiter,
  LimiterTiming,
  RateLimitHeaders,
  SpendEntry,
} from '../types.js';
import { SlidingWindow } from './sliding-window.js';

/**
 * Limits and budgets in this process's memory: the embedded default. Exact (tolerance 0), about
 * a microsecond per check, and gone on restart: budgets are then reconciled from the store.
 */
export function createMemoryLimiter(timing: LimiterTiming = {}): Limiter {
  const windowMs = timing.windowMs ?? 60_000;
  const clock = timing.clock ?? Date.now;
  const windows = new Map<string, SlidingWindow>();
  const spend = new Map<string, number>();
  let lastSweep = clock();

  const windowKey = (subject: { scope: LimitScope; id: string }): string => `${subject.scope}\u0000${subject.id}`;
  const spendKey = (scope: LimitScope, id: string, period: 'day' | 'month', at: number): string =>
    `${period}\u0000${getPeriodKey(period, at)}\u0000${scope}\u0000${id}`;

  function getWindow(subject: LimitSubject, now: number): SlidingWindow {
    let window = windows.get(windowKey(subject));
    if (window === undefined) {
      window = new SlidingWindow(windowMs);
      windows.set(windowKey(subject), window);
    }
    window.trim(now);
    return window;
  }

  /** Forgets idle subjects and past periods, at most once per window, so memory stays bounded. */
  function sweep(now: number): void {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, window] of windows) {
      window.trim(now);
      if (window.isIdle) windows.delete(key);
    }
    const current = new Set(BUDGET_PERIODS.map((period) => `${period}\u0000${getPeriodKey(period, now)}\u0000`));
    for (const key of spend.keys()) {
      if (![...current].some((prefix) => key.startsWith(prefix))) spend.delete(key);
    }
  }

  function deny(
    subject: LimitSubject,
    window: SlidingWindow,
    estimate: number,
    now: number,
  ): Omit<Extract<AcquireResult, { allowed: false }>, 'headers'> | null {
    const base = { allowed: false as const, scope: subject.scope, id: subject.id };
    if (subject.rpm !== null && subject.rpm !== undefined && window.requestCount + 1 > subject.rpm) {
      return { ...base, reason: 'rpm', retryAfterSeconds: toRetryAfterSeconds(window.requestsRetryMs(subject.rpm, now)) };
    }
    if (subject.tpm !== null && subject.tpm !== undefined && window.tokens + estimate > subject.tpm) {
      return { ...base, reason: 'tpm', retryAfterSeconds: toRetryAfterSeconds(window.tokensRetryMs(estimate, subject.tpm, now)) };
    }
    if (subject.concurrency !== null && subject.concurrency !== undefined && window.inFlight.size + 1 > subject.concurrency) {
      return { ...base, reason: 'concurrency', retryAfterSeconds: 1 };
    }
    return null;
  }

  function snapshot(subject: LimitSubject, window: SlidingWindow): SubjectSnapshot {
    return {
      subject,
      requests: window.requestCount,
      tokens: window.tokens,
      oldestRequestAt: window.oldestRequestAt,
      oldestTokenAt: window.oldestTokenAt,
    };
  }

  function buildHeaders(limited: LimitSubject[], windowsOf: SlidingWindow[], now: number): RateLimitHeaders {
    const snapshots = limited.map((subject, index) => snapshot(subject, windowsOf[index] as SlidingWindow));
    return buildRateLimitHeaders(snapshots, now, windowMs);
  }

  async function acquire(subjects: readonly LimitSubject[], options: AcquireOptions): Promise<AcquireResult> {
    const limited = selectLimited(subjects);
    const estimate = Math.max(0, Math.ceil(options.estimatedTokens));
    const now = clock();
    sweep(now);
    const windowsOf = limited.map((subject) => getWindow(subject, now));
    for (const [index, subject] of limited.entries()) {
      const denial = deny(subject, windowsOf[index] as SlidingWindow, estimate, now);
      if (denial !== null) return { ...denial, headers: buildHeaders(limited, windowsOf, now) };
    }
    const requestId = options.requestId ?? randomUUID();
    for (const [index, subject] of limited.entries()) {
      const window = windowsOf[index] as SlidingWindow;
      if (subject.rpm !== null && subject.rpm !== undefined) window.recordRequest(requestId, now);
      if (subject.tpm !== null && subject.tpm !== undefined) window.recordTokens(requestId, estimate, now);
      if (subject.concurrency !== null && subject.concurrency !== undefined) window.inFlight.add(requestId);
    }
    return {
      allowed: true,
      headers: buildHeaders(limited, windowsOf, now),
      release: createRelease(limited, requestId, estimate),
    };
  }

  function createRelease(limited: LimitSubject[], requestId: string, estimate: number): (actualTokens?: number) => Promise<void> {
    let released = false;
    return async (actualTokens?: number) => {
      if (released) return;
      released = true;
      const at = clock();
      for (const subject of limited) {
        // Looked up again: an idle window may have been swept and replaced meanwhile.
        const window = getWindow(subject, at);
        window.inFlight.delete(requestId);
        if (actualTokens !== undefined && subject.tpm !== null && subject.tpm !== undefined) {
          window.correctTokens(requestId, estimate, Math.max(0, Math.ceil(actualTokens)), at);
        }
      }
    };
  }

  async function checkBudget(subjects: readonly BudgetSubject[]): Promise<BudgetCheck> {
    const now = clock();
    const statuses = selectBudgeted(subjects).map((subject) =>
      evaluateBudget(subject, spend.get(spendKey(subject.scope, subject.id, subject.budget.period, now)) ?? 0, now),
    );
    return combineBudgetStatuses(statuses, now);
  }

  async function addSpend(subjects: readonly { scope: LimitScope; id: string }[], microUsd: number): Promise<void> {
    const now = clock();
    const amount = Math.max(0, Math.round(microUsd));
    for (const subject of subjects) {
      for (const period of BUDGET_PERIODS) {
        const key = spendKey(subject.scope, subject.id, period, now);
        spend.set(key, (spend.get(key) ?? 0) + amount);
      }
    }
  }

  async function reconcileSpend(entries: readonly SpendEntry[]): Promise<void> {
    for (const entry of entries) {
      const key = spendKey(entry.scope, entry.id, entry.period, entry.at.getTime());
      spend.set(key, Math.max(spend.get(key) ?? 0, entry.microUsd));
    }
  }

  return {
    kind: 'memory',
    acquire,
    checkBudget,
    addSpend,
    reconcileSpend,
    ping: async () => undefined,
    close: async () => undefined,
  };
}
