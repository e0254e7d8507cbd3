import { AirlockError } from '../errors/airlock-error.js';
import type { Logger } from '../telemetry/logger.js';
import type { Limiter } from './types.js';

function isUnavailable(error: unknown): boolean {
  return error instanceof AirlockError && error.code === 'LIMITS_UNAVAILABLE';
}

/**
 * failMode `open`: when the backend is unreachable, requests go on unlimited and unbudgeted, each
 * marked `degraded` and logged at warn (never silently). Any other error still throws. Spend
 * added during the outage is not lost for good: the usage table has it, and the next
 * reconciliation raises the counters again.
 */
export function createFailOpenLimiter(limiter: Limiter, logger: Logger | undefined): Limiter {
  const warn = (operation: string): void => {
    logger?.warn({ code: 'LIMITS_UNAVAILABLE', operation }, 'limits backend unreachable: request allowed without limits (failMode open)');
  };
  return {
    kind: limiter.kind,
    async acquire(subjects, options) {
      try {
        return await limiter.acquire(subjects, options);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        warn('acquire');
        return { allowed: true, headers: {}, degraded: true, release: async () => undefined };
      }
    },
    async checkBudget(subjects) {
      try {
        return await limiter.checkBudget(subjects);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        warn('checkBudget');
        return { status: 'ok', subjects: [], degraded: true };
      }
    },
    async addSpend(subjects, microUsd) {
      try {
        await limiter.addSpend(subjects, microUsd);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        warn('addSpend');
      }
    },
    reconcileSpend: (entries) => limiter.reconcileSpend(entries),
    ping: () => limiter.ping(),
    close: () => limiter.close(),
  };
}
