import { describe, expect, it } from 'vitest';
import type { LimitSubject } from '../../../src/limits/types.js';
import type { LimiterFactory } from '../limiter-contract.js';
import { expectDenied, expectGranted } from './acquire-helpers.js';

const subject: LimitSubject = { scope: 'key', id: 'k1', concurrency: 2 };

export function describeConcurrencyContract(createLimiter: LimiterFactory): void {
  describe('concurrent requests', () => {
    it('holds at most `concurrency` in flight and frees a slot on release', async () => {
      const limiter = createLimiter();
      const first = expectGranted(await limiter.acquire([subject], { estimatedTokens: 0 }));
      const second = expectGranted(await limiter.acquire([subject], { estimatedTokens: 0 }));
      const denied = expectDenied(await limiter.acquire([subject], { estimatedTokens: 0 }));
      expect(denied).toMatchObject({ reason: 'concurrency', scope: 'key', id: 'k1', retryAfterSeconds: 1 });
      await first.release();
      const third = expectGranted(await limiter.acquire([subject], { estimatedTokens: 0 }));
      // Releasing the same request twice must not free someone else's slot.
      await first.release();
      expectDenied(await limiter.acquire([subject], { estimatedTokens: 0 }));
      await Promise.all([second.release(), third.release()]);
      expectGranted(await limiter.acquire([subject], { estimatedTokens: 0 }));
    });

    it('frees the slot of a request that failed (release in finally)', async () => {
      const limiter = createLimiter();
      const handle = async (): Promise<void> => {
        const granted = expectGranted(await limiter.acquire([{ ...subject, concurrency: 1 }], { estimatedTokens: 0 }));
        try {
          throw new Error('upstream failed');
        } finally {
          await granted.release();
        }
      };
      for (let index = 0; index < 3; index += 1) await expect(handle()).rejects.toThrow('upstream failed');
      expectGranted(await limiter.acquire([{ ...subject, concurrency: 1 }], { estimatedTokens: 0 }));
    });

    it('admits exactly `concurrency` of many simultaneous requests', async () => {
      const limiter = createLimiter();
      const results = await Promise.all(
        Array.from({ length: 30 }, () => limiter.acquire([{ ...subject, concurrency: 4 }], { estimatedTokens: 0 })),
      );
      expect(results.filter((result) => result.allowed)).toHaveLength(4);
    });
  });
}
