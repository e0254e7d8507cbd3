import { randomUUID } from 'node:crypto';
import { BUDGET_PERIODS, combineBudgetStatuses, evaluateBudget, getPeriodEnd, getPeriodKey, selectBudgeted } from '../budget-period.js';
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
  RateLimitReason,
  SpendEntry,
} from '../types.js';
import {
  connectLimiterRedis,
  toLimitsUnavailable,
  waitUntilReady,
  type LimiterRedis,
  type RedisConnectionOptions,
} from './redis-connection.js';

export interface RedisLimiterOptions extends RedisConnectionOptions, LimiterTiming {
  /** Prefix of every key (default `airlock:`); lets several gateways or test runs share one Redis. */
  keyPrefix?: string;
}

/**
 * Budgets are kept two days past their period, for late checks and reports. Expiry is relative
 * to the limiter's clock, the same clock that picks the period.
 */
const SPEND_GRACE_MS = 2 * 86_400_000;

/** Per subject, the acquire script returns requests, tokens, oldest request and oldest token time (-1: none). */
function readSnapshots(limited: readonly LimitSubject[], reply: readonly (string | number)[]): SubjectSnapshot[] {
  return limited.map((subject, index) => {
    const at = 4 + index * 4;
    const oldestRequest = Number(reply[at + 2]);
    const oldestToken = Number(reply[at + 3]);
    return {
      subject,
      requests: Number(reply[at]),
      tokens: Number(reply[at + 1]),
      oldestRequestAt: oldestRequest < 0 ? null : oldestRequest,
      oldestTokenAt: oldestToken < 0 ? null : oldestToken,
    };
  });
}

/**
 * Limits and budgets in Redis, shared by every replica: each acquire is one atomic Lua script
 * (see redis-scripts.ts), so two replicas together never admit more than a limit. Concurrency
 * slots are leases that the holder renews every leaseMs/3 while the request runs; if a replica
 * dies, its slots expire after leaseMs. Every call is bounded by commandTimeoutMs and fails with
 * LIMITS_UNAVAILABLE, never by letting the request through.
 */
export function createRedisLimiter(options: RedisLimiterOptions): Limiter {
  const client = connectLimiterRedis(options);
  const prefix = options.keyPrefix ?? 'airlock:';
  const windowMs = options.windowMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const clock = options.clock ?? Date.now;
  const commandTimeoutMs = options.commandTimeoutMs ?? 500;

  const subjectKeys = (subject: { scope: LimitScope; id: string }): string[] => {
    const base = `${prefix}rl:${subject.scope}:${encodeURIComponent(subject.id)}`;
    return [`${base}:r`, `${base}:t`, `${base}:h`, `${base}:c`];
  };
  const spendKey = (scope: LimitScope, id: string, period: 'day' | 'month', at: number): string =>
    `${prefix}spend:${period}:${getPeriodKey(period, at)}:${scope}:${encodeURIComponent(id)}`;

  async function run<T>(work: (redis: LimiterRedis) => Promise<T>): Promise<T> {
    try {
      await waitUntilReady(client, commandTimeoutMs);
      return await work(client);
    } catch (error) {
      throw toLimitsUnavailable(error);
    }
  }

  async function acquire(subjects: readonly LimitSubject[], options: AcquireOptions): Promise<AcquireResult> {
    const limited = selectLimited(subjects);
    if (limited.length === 0) return { allowed: true, headers: {}, release: async () => undefined };
    const requestId = options.requestId ?? randomUUID();
    const estimate = Math.max(0, Math.ceil(options.estimatedTokens));
    const keys = limited.flatMap(subjectKeys);
    const limits = limited.flatMap((subject) => [subject.rpm ?? -1, subject.tpm ?? -1, subject.concurrency ?? -1]);
    const reply = (await run((redis) => redis.airlockAcquire(keys.length, ...keys, requestId, estimate, windowMs, leaseMs, ...limits))) as (
      string | number
    )[];
    const [reason, deniedIndex, retryMs, now] = [String(reply[0]), Number(reply[1]), Number(reply[2]), Number(reply[3])];
    const snapshots = readSnapshots(limited, reply);
    const headers = buildRateLimitHeaders(snapshots, now, windowMs);
    if (reason !== '') {
      const subject = limited[deniedIndex - 1] as LimitSubject;
      return {
        allowed: false,
        reason: reason as RateLimitReason,
        scope: subject.scope,
        id: subject.id,
        retryAfterSeconds: toRetryAfterSeconds(retryMs),
        headers,
      };
    }
    return { allowed: true, headers, release: createRelease(limited, keys, requestId, estimate) };
  }

  function createRelease(
    limited: LimitSubject[],
    keys: string[],
    requestId: string,
    estimate: number,
  ): (actualTokens?: number) => Promise<void> {
    const leased = limited.some((subject) => subject.concurrency !== null && subject.concurrency !== undefined);
    const renewal = leased
      ? setInterval(
          () => {
            client.airlockRenew(keys.length, ...keys, requestId, leaseMs).catch(() => undefined);
          },
          Math.max(1, Math.floor(leaseMs / 3)),
        )
      : undefined;
    renewal?.unref();
    let released = false;
    return async (actualTokens?: number) => {
      if (released) return;
      released = true;
      clearInterval(renewal);
      const actual = actualTokens === undefined ? -1 : Math.max(0, Math.ceil(actualTokens));
      const countsTokens = limited.map((subject) => (subject.tpm !== null && subject.tpm !== undefined ? 1 : 0));
      try {
        await run((redis) => redis.airlockRelease(keys.length, ...keys, requestId, estimate, actual, windowMs, ...countsTokens));
      } catch (error) {
        // The request is over either way; an unreleased slot expires with its lease.
        options.logger?.warn({ code: 'LIMITS_UNAVAILABLE', err: error }, 'could not release a rate-limit slot; its lease will expire');
      }
    };
  }

  async function checkBudget(subjects: readonly BudgetSubject[]): Promise<BudgetCheck> {
    const budgeted = selectBudgeted(subjects);
    if (budgeted.length === 0) return { status: 'ok', subjects: [] };
    const now = clock();
    const keys = budgeted.map((subject) => spendKey(subject.scope, subject.id, subject.budget.period, now));
    const values = await run((redis) => redis.mget(...keys));
    return combineBudgetStatuses(
      budgeted.map((subject, index) => evaluateBudget(subject, Number(values[index] ?? 0), now)),
      now,
    );
  }

  async function addSpend(subjects: readonly { scope: LimitScope; id: string }[], microUsd: number): Promise<void> {
    const amount = Math.max(0, Math.round(microUsd));
    if (subjects.length === 0 || amount === 0) return;
    const now = clock();
    await run(async (redis) => {
      const transaction = redis.multi();
      for (const subject of subjects) {
        for (const period of BUDGET_PERIODS) {
          const key = spendKey(subject.scope, subject.id, period, now);
          transaction.incrby(key, amount).pexpire(key, getPeriodEnd(period, now).getTime() + SPEND_GRACE_MS - now);
        }
      }
      const results = await transaction.exec();
      const failure = results?.find(([error]) => error !== null)?.[0];
      if (failure) throw failure;
    });
  }

  async function reconcileSpend(entries: readonly SpendEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const keys = entries.map((entry) => spendKey(entry.scope, entry.id, entry.period, entry.at.getTime()));
    const values = entries.flatMap((entry) => [
      Math.max(0, Math.round(entry.microUsd)),
      Math.max(1, getPeriodEnd(entry.period, entry.at.getTime()).getTime() + SPEND_GRACE_MS - clock()),
    ]);
    await run((redis) => redis.airlockReconcileSpend(keys.length, ...keys, ...values));
  }

  return {
    kind: 'redis',
    acquire,
    checkBudget,
    addSpend,
    reconcileSpend,
    ping: async () => {
      try {
        await waitUntilReady(client, options.connectTimeoutMs ?? 2_000, true);
        await client.ping();
      } catch (error) {
        throw toLimitsUnavailable(error);
      }
    },
    close: async () => {
      client.disconnect();
    },
  };
}
