import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisLimiter, type RedisLimiterOptions } from '../../src/limits/redis/redis-limiter.js';
import type { Limiter, LimiterTiming } from '../../src/limits/types.js';

export const TEST_REDIS_URL = process.env['AIRLOCK_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * Limiters on the real Redis, each under a key prefix unique to this run, so parallel test files
 * and re-runs never share counters; `cleanUp` closes them and deletes every key of the run.
 */
export class RedisTestHarness {
  readonly runPrefix = `airlock-test:${process.pid}-${randomBytes(4).toString('hex')}:`;
  private readonly limiters: Limiter[] = [];
  private count = 0;

  /** A fresh prefix (a limiter with its own state). */
  createPrefix(): string {
    this.count += 1;
    return `${this.runPrefix}${this.count}:`;
  }

  createLimiter(timing: LimiterTiming = {}, options: Partial<RedisLimiterOptions> = {}): Limiter {
    const limiter = createRedisLimiter({ url: TEST_REDIS_URL, keyPrefix: this.createPrefix(), ...timing, ...options });
    this.limiters.push(limiter);
    return limiter;
  }

  async closeLimiters(): Promise<void> {
    await Promise.all(this.limiters.splice(0).map((limiter) => limiter.close()));
  }

  /** Keys this run left in Redis. */
  async listKeys(): Promise<string[]> {
    const client = new Redis(TEST_REDIS_URL);
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await client.scan(cursor, 'MATCH', `${this.runPrefix}*`, 'COUNT', 1_000);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== '0');
      return keys;
    } finally {
      client.disconnect();
    }
  }

  async cleanUp(): Promise<void> {
    await this.closeLimiters();
    const keys = await this.listKeys();
    if (keys.length === 0) return;
    const client = new Redis(TEST_REDIS_URL);
    try {
      await client.del(...keys);
    } finally {
      client.disconnect();
    }
  }
}
