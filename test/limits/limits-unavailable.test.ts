import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { limitsSchema } from '../../src/config/store-schema.js';
import { AirlockError } from '../../src/errors/airlock-error.js';
import { createLimiter } from '../../src/limits/create-limiter.js';
import { createRedisLimiter } from '../../src/limits/redis/redis-limiter.js';
import type { Limiter } from '../../src/limits/types.js';
import type { Logger } from '../../src/telemetry/logger.js';
import { startTcpProxy } from '../store/tcp-proxy.js';
import { expectGranted } from './contract/acquire-helpers.js';
import { RedisTestHarness } from './redis-test-harness.js';

const harness = new RedisTestHarness();
const opened: Limiter[] = [];
const subjects = [{ scope: 'key' as const, id: 'k', rpm: 100, concurrency: 5 }];
const budgets = [{ scope: 'key' as const, id: 'k', budget: { period: 'day' as const, softMicroUsd: null, hardMicroUsd: 10 } }];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((limiter) => limiter.close()));
});
afterAll(() => harness.cleanUp());

async function findClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function createRecordingLogger(): { logger: Logger; warnings: unknown[] } {
  const warnings: unknown[] = [];
  const logger = { warn: (...args: unknown[]) => warnings.push(args), info: () => undefined } as unknown as Logger;
  return { logger, warnings };
}

async function expectUnavailable(work: () => Promise<unknown>, maxMs: number): Promise<void> {
  const started = performance.now();
  const failure = await work().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(performance.now() - started).toBeLessThan(maxMs);
  expect(failure).toBeInstanceOf(AirlockError);
  expect((failure as AirlockError).code).toBe('LIMITS_UNAVAILABLE');
  expect((failure as AirlockError).status).toBe(503);
}

describe('limits when Redis is unreachable', () => {
  it('fails closed by default, quickly, on every operation', async () => {
    const port = await findClosedPort();
    const limiter = createLimiter(limitsSchema.parse({ kind: 'redis', url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 300 }));
    opened.push(limiter);
    await expectUnavailable(() => limiter.acquire(subjects, { estimatedTokens: 1 }), 1_000);
    await expectUnavailable(() => limiter.checkBudget(budgets), 1_000);
    await expectUnavailable(() => limiter.addSpend(budgets, 5), 1_000);
    await expectUnavailable(() => limiter.reconcileSpend([{ scope: 'key', id: 'k', period: 'day', at: new Date(), microUsd: 1 }]), 1_000);
    await expectUnavailable(() => limiter.ping(), 1_000);
  });

  it('gives up after commandTimeoutMs when Redis accepts connections but never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const limiter = createRedisLimiter({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 300, commandTimeoutMs: 200 });
    opened.push(limiter);
    try {
      await expectUnavailable(() => limiter.acquire(subjects, { estimatedTokens: 1 }), 1_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('fails open when configured: allowed, marked degraded, and logged', async () => {
    const port = await findClosedPort();
    const { logger, warnings } = createRecordingLogger();
    const limiter = createLimiter(
      limitsSchema.parse({ kind: 'redis', url: `redis://127.0.0.1:${port}`, failMode: 'open', connectTimeoutMs: 300 }),
      { logger },
    );
    opened.push(limiter);
    const granted = expectGranted(await limiter.acquire(subjects, { estimatedTokens: 1 }));
    expect(granted.degraded).toBe(true);
    await granted.release(3);
    expect(await limiter.checkBudget(budgets)).toEqual({ status: 'ok', subjects: [], degraded: true });
    await limiter.addSpend(budgets, 5);
    const operations = warnings
      .map((warning) => (warning as [{ operation?: string }])[0].operation)
      .filter((operation) => operation !== undefined);
    expect(operations).toEqual(['acquire', 'checkBudget', 'addSpend']);
  });

  it('survives Redis going away mid-run: fails fast while down, a held slot still releases, then recovers', async () => {
    const proxy = await startTcpProxy(6379);
    const { logger, warnings } = createRecordingLogger();
    const limiter = createRedisLimiter({ url: `redis://127.0.0.1:${proxy.port}`, keyPrefix: harness.createPrefix(), logger });
    opened.push(limiter);
    try {
      await limiter.ping();
      const held = expectGranted(await limiter.acquire(subjects, { estimatedTokens: 1 }));
      proxy.cut();
      await expectUnavailable(() => limiter.acquire(subjects, { estimatedTokens: 1 }), 1_000);
      await expect(held.release(2)).resolves.toBeUndefined();
      expect(warnings.length).toBeGreaterThan(0);
      proxy.restore();
      await limiter.ping(); // waits for the background reconnection
      expectGranted(await limiter.acquire(subjects, { estimatedTokens: 1 }));
    } finally {
      await proxy.close();
    }
  });
});

describe('createLimiter', () => {
  it('makes an in-memory limiter by default and a Redis one from the environment variable', async () => {
    expect(createLimiter(limitsSchema.parse({})).kind).toBe('memory');
    const config = limitsSchema.parse({ kind: 'redis', urlEnv: 'TEST_REDIS_URL', keyPrefix: harness.createPrefix() });
    expect(() => createLimiter(config, { env: {} })).toThrow(ConfigError);
    const limiter = createLimiter(config, { env: { TEST_REDIS_URL: 'redis://127.0.0.1:6379' } });
    opened.push(limiter);
    expect(limiter.kind).toBe('redis');
    await limiter.ping();
  });
});
