import { describe } from 'vitest';
import type { Limiter, LimiterTiming } from '../../src/limits/types.js';
import { describeBudgetContract } from './contract/budget-contract.js';
import { describeConcurrencyContract } from './contract/concurrency-contract.js';
import { describeRateContract } from './contract/rate-contract.js';

/**
 * Creates a limiter for one test. Each call must give a limiter with its own state (the Redis
 * harness uses a fresh key prefix) and the harness closes it after the test.
 */
export type LimiterFactory = (timing?: LimiterTiming) => Limiter;

/** The contract both the memory and the Redis limiter must pass. */
export function describeLimiterContract(name: string, createLimiter: LimiterFactory): void {
  describe(`${name} limiter contract`, () => {
    describeRateContract(createLimiter);
    describeConcurrencyContract(createLimiter);
    describeBudgetContract(createLimiter);
  });
}
