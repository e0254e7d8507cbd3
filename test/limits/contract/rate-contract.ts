import { describe, expect, it } from 'vitest';
import type { LimitSubject } from '../../../src/limits/types.js';
import type { LimiterFactory } from '../limiter-contract.js';
import { expectDenied, expectGranted, sleep } from './acquire-helpers.js';

const key = (limits: Omit<LimitSubject, 'scope' | 'id'>, id = 'k1'): LimitSubject => ({ scope: 'key', id, ...limits });
const team = (limits: Omit<LimitSubject, 'scope' | 'id'>, id = 't1'): LimitSubject => ({ scope: 'team', id, ...limits });

export function describeRateContract(createLimiter: LimiterFactory): void {
  describe('requests and tokens per window', () => {
    it('lets everything through, without headers, when no subject has a limit', async () => {
      const limiter = createLimiter();
      for (let index = 0; index < 5; index += 1) {
        const granted = expectGranted(await limiter.acquire([key({}), team({ rpm: null })], { estimatedTokens: 1_000 }));
        expect(granted.headers).toEqual({});
        await granted.release(10);
      }
    });

    it('admits rpm requests, then refuses with reason, subject, retry-after and headers', async () => {
      const limiter = createLimiter();
      for (let index = 0; index < 3; index += 1) {
        const granted = expectGranted(await limiter.acquire([key({ rpm: 3 })], { estimatedTokens: 0 }));
        expect(granted.headers['x-ratelimit-limit-requests']).toBe('3');
        expect(granted.headers['x-ratelimit-remaining-requests']).toBe(String(2 - index));
        expect(granted.headers['x-ratelimit-reset-requests']).toMatch(/^(\d+ms|\d+(\.\d+)?s|\d+m\d+(\.\d+)?s)$/);
      }
      const denied = expectDenied(await limiter.acquire([key({ rpm: 3 })], { estimatedTokens: 0 }));
      expect(denied).toMatchObject({ reason: 'rpm', scope: 'key', id: 'k1' });
      expect(denied.retryAfterSeconds).toBeGreaterThanOrEqual(59);
      expect(denied.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(denied.headers['x-ratelimit-remaining-requests']).toBe('0');
      expect(denied.headers['x-ratelimit-reset-requests']).toMatch(/^(59(\.\d+)?s|1m0s)$/);
    });

    it('refuses everything with rpm 0', async () => {
      const limiter = createLimiter();
      expect(expectDenied(await limiter.acquire([key({ rpm: 0 })], { estimatedTokens: 0 })).reason).toBe('rpm');
    });

    it('is all or nothing: a request refused by its team uses none of its key’s allowance', async () => {
      const limiter = createLimiter();
      expectGranted(await limiter.acquire([key({ rpm: 3 }), team({ rpm: 1 })], { estimatedTokens: 0 }));
      const denied = expectDenied(await limiter.acquire([key({ rpm: 3 }), team({ rpm: 1 })], { estimatedTokens: 0 }));
      expect(denied).toMatchObject({ reason: 'rpm', scope: 'team', id: 't1' });
      expectGranted(await limiter.acquire([key({ rpm: 3 })], { estimatedTokens: 0 }));
      expectGranted(await limiter.acquire([key({ rpm: 3 })], { estimatedTokens: 0 }));
      expect(expectDenied(await limiter.acquire([key({ rpm: 3 })], { estimatedTokens: 0 })).scope).toBe('key');
    });

    it('keeps subjects apart and reports the most constrained one in the headers', async () => {
      const limiter = createLimiter();
      expectGranted(await limiter.acquire([key({ rpm: 1 }, 'a')], { estimatedTokens: 0 }));
      expectGranted(await limiter.acquire([key({ rpm: 1 }, 'b')], { estimatedTokens: 0 }));
      const granted = expectGranted(await limiter.acquire([key({ rpm: 100 }, 'c'), team({ rpm: 5 }, 'x')], { estimatedTokens: 0 }));
      expect(granted.headers['x-ratelimit-limit-requests']).toBe('5');
      expect(granted.headers['x-ratelimit-remaining-requests']).toBe('4');
    });

    it('slides: requests leave the window after windowMs', async () => {
      const limiter = createLimiter({ windowMs: 400 });
      expectGranted(await limiter.acquire([key({ rpm: 2 })], { estimatedTokens: 0 }));
      await sleep(200);
      expectGranted(await limiter.acquire([key({ rpm: 2 })], { estimatedTokens: 0 }));
      expectDenied(await limiter.acquire([key({ rpm: 2 })], { estimatedTokens: 0 }));
      await sleep(230);
      // The first request has left the window, the second has not.
      expectGranted(await limiter.acquire([key({ rpm: 2 })], { estimatedTokens: 0 }));
      expectDenied(await limiter.acquire([key({ rpm: 2 })], { estimatedTokens: 0 }));
    });

    it('counts estimated tokens and settles them with the actual count at release', async () => {
      const limiter = createLimiter();
      const first = expectGranted(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 60 }));
      expect(first.headers).toMatchObject({ 'x-ratelimit-limit-tokens': '100', 'x-ratelimit-remaining-tokens': '40' });
      const denied = expectDenied(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 50 }));
      expect(denied.reason).toBe('tpm');
      expect(denied.retryAfterSeconds).toBeGreaterThanOrEqual(59);
      await first.release(10);
      const second = expectGranted(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 50 }));
      expect(second.headers['x-ratelimit-remaining-tokens']).toBe('40');
      await second.release(120);
      expect(expectDenied(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 0 })).reason).toBe('tpm');
    });

    it('keeps the estimate when released without a count, and ignores a second release', async () => {
      const limiter = createLimiter();
      const granted = expectGranted(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 70 }));
      await granted.release();
      await granted.release(0);
      expectDenied(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 31 }));
      expectGranted(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 30 }));
    });

    it('refuses a request larger than the whole tpm, asking to wait a full window', async () => {
      const limiter = createLimiter();
      const denied = expectDenied(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 101 }));
      expect(denied).toMatchObject({ reason: 'tpm', retryAfterSeconds: 60 });
    });

    it('charges tokens that outlive the window when the request ends', async () => {
      const limiter = createLimiter({ windowMs: 300 });
      const long = expectGranted(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 10 }));
      await sleep(350);
      await long.release(90);
      // The 10 estimated tokens have left the window; the 80 beyond the estimate are charged now.
      expectDenied(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 21 }));
      expectGranted(await limiter.acquire([key({ tpm: 100 })], { estimatedTokens: 20 }));
    });

    it('admits exactly rpm of many concurrent requests', async () => {
      const limiter = createLimiter();
      const results = await Promise.all(Array.from({ length: 60 }, () => limiter.acquire([key({ rpm: 17 })], { estimatedTokens: 0 })));
      expect(results.filter((result) => result.allowed)).toHaveLength(17);
    });
  });
}
