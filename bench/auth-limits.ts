// `npm run bench:auth-limits`: the cost of the identity and limits stages alone, per request:
// authenticating a cached virtual key, then admitting it against key and team limits and
// releasing it, in memory and in Redis. Writes bench/results/auth-limits.md. Not a test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKeyAuthenticator } from '../src/identity/key-authenticator.js';
import { issueApiKey } from '../src/identity/key-lifecycle.js';
import { createMemoryLimiter } from '../src/limits/memory/memory-limiter.js';
import { createLimiter } from '../src/limits/create-limiter.js';
import { buildLimitSubjects } from '../src/limits/subjects.js';
import type { Limiter } from '../src/limits/types.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 20_000);
const redisUrl = process.env['AIRLOCK_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-auth-'));
const store = createSqliteStore({ path: path.join(directory, 'airlock.db') });
await store.migrate();
const { key } = await issueApiKey(store, { user: 'bench', team: 'bench', limits: { rpm: 1e9, tpm: 1e12, concurrency: 10_000 } }, 'bench');
const authenticator = createKeyAuthenticator({ store, cacheTtlMs: 60_000 });

async function measure(limiter: Limiter): Promise<{ p50: number; p99: number }> {
  const once = async (): Promise<void> => {
    const result = await authenticator.authenticate(key);
    if (!result.ok) throw new Error('refused');
    const granted = await limiter.acquire(buildLimitSubjects(result.principal), { estimatedTokens: 100 });
    if (!granted.allowed) throw new Error('limited');
    await granted.release(80);
  };
  for (let index = 0; index < 1_000; index++) await once();
  const durations: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const started = performance.now();
    await once();
    durations.push(performance.now() - started);
  }
  durations.sort((left, right) => left - right);
  const at = (fraction: number): number => durations[Math.floor(fraction * (durations.length - 1))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

const memory = await measure(createMemoryLimiter());
const redisLimiter = createLimiter({
  kind: 'redis',
  url: redisUrl,
  keyPrefix: `airlock-bench:${process.pid}:`,
  connectTimeoutMs: 2_000,
  commandTimeoutMs: 500,
  failMode: 'closed',
});
const redis = await measure(redisLimiter);
await redisLimiter.close();
await store.close();
rmSync(directory, { recursive: true, force: true });

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const report = `# Identity and limits stages

Command: \`npm run bench:auth-limits\` (BENCH_RUNS=${RUNS}); ${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} × ${cpu}, Node ${process.version}.
Per request: authenticate a cached virtual key, admit it against its key and team limits (rpm, tpm,
concurrency), release it. The stages alone, one at a time, after 1,000 warm-up requests.

| limits backend | p50 ms | p99 ms |
|---|---|---|
| memory | ${memory.p50.toFixed(4)} | ${memory.p99.toFixed(4)} |
| Redis (loopback) | ${redis.p50.toFixed(4)} | ${redis.p99.toFixed(4)} |
`;
writeFileSync(new URL('./results/auth-limits.md', import.meta.url), report);
process.stdout.write(report);
