import type { Budget, BudgetPeriod } from '../store/types.js';

/**
 * Rate limits and budgets, in memory (one process) or in Redis (a fleet), behind one interface
 * and one contract test suite (`test/limits/limiter-contract.ts`).
 *
 * Rate windows are SLIDING LOGS of 60 seconds: a request is admitted only if, counting it, no
 * more than `rpm` requests (and no more than `tpm` tokens) were admitted in the last 60 seconds
 * for every subject. The check-and-record of all subjects is one atomic step (one Lua script in
 * Redis, timed by the Redis server's clock), so replicas together never admit more than the
 * limit: the tolerance is 0 for rpm and concurrency. For tpm the estimate is checked at admission
 * and replaced by the actual count at release, so the window can exceed tpm by what in-flight
 * requests use beyond their estimates; later requests then wait until it drains.
 */

export type LimitScope = 'key' | 'team' | 'user';

/** One party whose limits apply to a request (its key, its team…). Null or absent means unlimited. */
export interface LimitSubject {
  scope: LimitScope;
  id: string;
  rpm?: number | null;
  tpm?: number | null;
  concurrency?: number | null;
}

export interface AcquireOptions {
  /** Tokens the request is expected to use (input plus expected output); 0 when unknown. */
  estimatedTokens: number;
  /** Identifies the request in the window (default: a random id). */
  requestId?: string;
}

/** `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, for the most constrained subject. */
export type RateLimitHeaders = Record<string, string>;

export type RateLimitReason = 'rpm' | 'tpm' | 'concurrency';

export interface AcquireGranted {
  allowed: true;
  /**
   * Frees the concurrency slot and replaces the token estimate with `actualTokens` (when given).
   * Call it exactly once, in a `finally`, whatever happened to the request; extra calls are
   * ignored, and it never rejects (a failure is logged, and a Redis lease expires on its own).
   */
  release(actualTokens?: number): Promise<void>;
  headers: RateLimitHeaders;
  /** True when the backend was unreachable and failMode is open: nothing was counted. */
  degraded?: boolean;
}

export interface AcquireDenied {
  allowed: false;
  reason: RateLimitReason;
  /** The subject whose limit was hit. */
  scope: LimitScope;
  id: string;
  /** Whole seconds until the request could be admitted (at least 1). */
  retryAfterSeconds: number;
  headers: RateLimitHeaders;
}

export type AcquireResult = AcquireGranted | AcquireDenied;

export interface BudgetSubject {
  scope: LimitScope;
  id: string;
  budget: Budget | null;
}

export type BudgetStatus = 'ok' | 'soft-exceeded' | 'hard-exceeded';

export interface BudgetSubjectStatus {
  scope: LimitScope;
  id: string;
  status: BudgetStatus;
  period: BudgetPeriod;
  spentMicroUsd: number;
  softMicroUsd: number | null;
  hardMicroUsd: number | null;
  /** Start of the next period (UTC), when the spend starts again from 0. */
  periodEnd: Date;
}

export interface BudgetCheck {
  /** The worst status over all subjects. */
  status: BudgetStatus;
  /** One entry per subject that has a budget. */
  subjects: BudgetSubjectStatus[];
  /** With hard-exceeded: seconds until the earliest blocking period ends. */
  retryAfterSeconds?: number;
  degraded?: boolean;
}

/** A subject's spend in one period, as the usage table knows it (see reconcileSpend). */
export interface SpendEntry {
  scope: LimitScope;
  id: string;
  period: BudgetPeriod;
  /** Any moment inside the period. */
  at: Date;
  microUsd: number;
}

export interface Limiter {
  readonly kind: 'memory' | 'redis';
  /** Checks and records one request against every subject's limits, all or nothing. */
  acquire(subjects: readonly LimitSubject[], options: AcquireOptions): Promise<AcquireResult>;
  /** Spend so far in each subject's budget period (UTC day or month) against its soft and hard limits. */
  checkBudget(subjects: readonly BudgetSubject[]): Promise<BudgetCheck>;
  /** Adds a finished request's cost to the current day and month of every subject. */
  addSpend(subjects: readonly { scope: LimitScope; id: string }[], microUsd: number): Promise<void>;
  /**
   * Raises each counter to at least the given amount, never lowers it. The usage table is the
   * truth for spend; the limiter holds a fast copy. At start (and periodically) the gateway
   * passes the store's totals for the current periods, so spend survives a restart of the
   * process or of Redis, and replicas reconciling at the same time cannot roll a counter back.
   */
  reconcileSpend(entries: readonly SpendEntry[]): Promise<void>;
  /** Resolves when the backend answers; for readiness probes. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface LimiterTiming {
  /** Length of the sliding window (default 60,000 ms; tests shorten it). */
  windowMs?: number;
  /** How long a concurrency slot outlives a replica that died holding it (default 60,000 ms). */
  leaseMs?: number;
  /** Milliseconds since the epoch, for budget periods (and, in memory, windows). Default Date.now. */
  clock?: () => number;
}
