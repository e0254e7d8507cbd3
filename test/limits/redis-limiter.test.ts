import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { describeLimiterContract } from './limiter-contract.js';
import { RedisTestHarness } from './redis-test-harness.js';
import { expectDenied, expectGranted, sleep } from './contract/acquire-helpers.js';
import { createRedisLimiter } from '../../src/limits/redis/redis-limiter.js';
import { TEST_REDIS_URL } from './redis-test-harness.js';

const harness = new RedisTestHarness();

afterEach(() => harness.closeLimiters());
afterAll(() => harness.cleanUp());

describeLimiterContract('redis', (timing) => harness.createLimiter(timing));

describe('redis limiter shared by replicas', () => {
  it('two limiters on one Redis together admit exactly rpm of concurrent requests', async () => {
    const keyPrefix = harness.createPrefix();
    const replicaA = createRedisLimiter({ url: TEST_REDIS_URL, keyPrefix });
    const replicaB = createRedisLimiter({ url: TEST_REDIS_URL, keyPrefix });
    try {
      await Promise.all([replicaA.ping(), replicaB.ping()]);
      const subjects = [{ scope: 'key' as const, id: 'fleet', rpm: 25 }];
      const attempts = Array.from({ length: 80 }, (_, index) =>
        (index % 2 === 0 ? replicaA : replicaB).acquire(subjects, { estimatedTokens: 0 }),
      );
      const results = await Promise.all(attempts);
      expect(results.filter((result) => result.allowed)).toHaveLength(25);
      const byReplica = [0, 1].map((parity) => results.filter((result, index) => index % 2 === parity && result.allowed).length);
      expect(byReplica.every((count) => count > 0)).toBe(true);
    } finally {
      await Promise.all([replicaA.close(), replicaB.close()]);
    }
  });

  it('shares concurrency slots and budgets between replicas', async () => {
    const keyPrefix = harness.createPrefix();
    const replicaA = createRedisLimiter({ url: TEST_REDIS_URL, keyPrefix });
    const replicaB = createRedisLimiter({ url: TEST_REDIS_URL, keyPrefix });
    try {
      await Promise.all([replicaA.ping(), replicaB.ping()]);
      const subjects = [{ scope: 'team' as const, id: 'shared', concurrency: 1 }];
      const held = expectGranted(await replicaA.acquire(subjects, { estimatedTokens: 0 }));
      expectDenied(await replicaB.acquire(subjects, { estimatedTokens: 0 }));
      await held.release();
      expectGranted(await replicaB.acquire(subjects, { estimatedTokens: 0 }));
      const budget = {
        scope: 'team' as const,
        id: 'shared',
        budget: { period: 'month' as const, softMicroUsd: null, hardMicroUsd: 1_000 },
      };
      await Promise.all([replicaA.addSpend([budget], 600), replicaB.addSpend([budget], 400)]);
      expect((await replicaA.checkBudget([budget])).status).toBe('hard-exceeded');
      expect((await replicaB.checkBudget([budget])).subjects[0]?.spentMicroUsd).toBe(1_000);
    } finally {
      await Promise.all([replicaA.close(), replicaB.close()]);
    }
  });

  it('frees the slots of a replica that died after leaseMs, and keeps renewing live ones', async () => {
    const keyPrefix = harness.createPrefix();
    const dying = createRedisLimiter({ url: TEST_REDIS_URL, keyPrefix, leaseMs: 300 });
    const living = createRedisLimiter({ url: TEST_REDIS_URL, keyPrefix, leaseMs: 300 });
    try {
      await Promise.all([dying.ping(), living.ping()]);
      const subjects = [{ scope: 'key' as const, id: 'lease', concurrency: 1 }];
      expectGranted(await dying.acquire(subjects, { estimatedTokens: 0 }));
      await dying.close(); // dies holding the slot: no release, no renewal
      expectDenied(await living.acquire(subjects, { estimatedTokens: 0 }));
      await sleep(350);
      const long = expectGranted(await living.acquire(subjects, { estimatedTokens: 0 }));
      await sleep(700); // more than two lease lengths: only renewal keeps the slot
      expectDenied(await living.acquire(subjects, { estimatedTokens: 0 }));
      await long.release();
      expectGranted(await living.acquire(subjects, { estimatedTokens: 0 }));
    } finally {
      await living.close();
    }
  });

  it('keeps every key under its prefix and lets them expire', async () => {
    const limiter = harness.createLimiter({ windowMs: 200 });
    await limiter.ping();
    const granted = expectGranted(
      await limiter.acquire([{ scope: 'key', id: 'a:b/c', rpm: 5, tpm: 100, concurrency: 2 }], { estimatedTokens: 10 }),
    );
    await granted.release(5);
    const keys = await harness.listKeys();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith(harness.runPrefix))).toBe(true);
    expect(keys.some((key) => key.includes('a%3Ab%2Fc'))).toBe(true);
  });
});
