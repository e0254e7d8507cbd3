import { describe, expect, it } from 'vitest';
import { createMemoryLimiter } from '../../src/limits/memory/memory-limiter.js';
import { describeLimiterContract } from './limiter-contract.js';
import { expectGranted } from './contract/acquire-helpers.js';

describeLimiterContract('memory', (timing) => createMemoryLimiter(timing));

describe('memory limiter', () => {
  it('checks a key and a team limit in well under 0.1 ms at p50', async () => {
    const limiter = createMemoryLimiter();
    const subjects = [
      { scope: 'key' as const, id: 'k', rpm: 1_000_000, tpm: 1_000_000_000, concurrency: 1_000 },
      { scope: 'team' as const, id: 't', rpm: 1_000_000, tpm: 1_000_000_000 },
    ];
    const durations: number[] = [];
    for (let index = 0; index < 5_000; index += 1) {
      const started = performance.now();
      const granted = expectGranted(await limiter.acquire(subjects, { estimatedTokens: 100 }));
      await granted.release(90);
      durations.push(performance.now() - started);
    }
    durations.sort((left, right) => left - right);
    expect(durations[Math.floor(durations.length / 2)]).toBeLessThan(0.1);
  });
});
