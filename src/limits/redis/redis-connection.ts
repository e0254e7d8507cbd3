import { Redis } from 'ioredis';
import { AirlockError } from '../../errors/airlock-error.js';
import type { Logger } from '../../telemetry/logger.js';
import { ACQUIRE_SCRIPT, RECONCILE_SPEND_SCRIPT, RELEASE_SCRIPT, RENEW_SCRIPT } from './redis-scripts.js';

export interface RedisConnectionOptions {
  url: string;
  /** Time to open the connection (default 2 s). */
  connectTimeoutMs?: number;
  /** Longest any limit command may wait for Redis (default 500 ms). */
  commandTimeoutMs?: number;
  logger?: Logger;
}

type ScriptCall = (numberOfKeys: number, ...keysAndArguments: (string | number)[]) => Promise<unknown>;

/** The ioredis client with Airlock's scripts defined on it. */
export type LimiterRedis = Redis & {
  airlockAcquire: ScriptCall;
  airlockRelease: ScriptCall;
  airlockRenew: ScriptCall;
  airlockReconcileSpend: ScriptCall;
};

export function toLimitsUnavailable(error: unknown): AirlockError {
  if (error instanceof AirlockError) return error;
  return new AirlockError('LIMITS_UNAVAILABLE', 'The rate-limit backend is unavailable.', {
    cause: error,
    isRetryable: true,
    retryAfter: 1,
  });
}

/**
 * A Redis client tuned to fail fast: no offline queue (a command while disconnected fails at
 * once instead of waiting), no resending of a command after a dropped connection (a check
 * might otherwise be counted twice), a timeout on every command, and reconnection in the
 * background with backoff up to 2 s.
 */
export function connectLimiterRedis(options: RedisConnectionOptions): LimiterRedis {
  const client = new Redis(options.url, {
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    commandTimeout: options.commandTimeoutMs ?? 500,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  let down = false;
  // Without a listener ioredis prints every connection error; report an outage once instead.
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    options.logger?.warn({ err: { message: error.message, code: (error as { code?: string }).code } }, 'Redis for limits is unreachable');
  });
  client.on('ready', () => {
    if (down) options.logger?.info('Redis for limits is reachable again');
    down = false;
  });
  client.defineCommand('airlockAcquire', { lua: ACQUIRE_SCRIPT });
  client.defineCommand('airlockRelease', { lua: RELEASE_SCRIPT });
  client.defineCommand('airlockRenew', { lua: RENEW_SCRIPT });
  client.defineCommand('airlockReconcileSpend', { lua: RECONCILE_SPEND_SCRIPT });
  return client as LimiterRedis;
}

/**
 * Resolves when the client is connected. While the first connection is being made it waits at
 * most `timeoutMs`; once Redis is known to be down (reconnecting) a request fails at once
 * instead of waiting, unless `waitWhileReconnecting` (readiness probes).
 */
export async function waitUntilReady(client: Redis, timeoutMs: number, waitWhileReconnecting = false): Promise<void> {
  if (client.status === 'ready') return;
  if (client.status === 'end' || (!waitWhileReconnecting && (client.status === 'reconnecting' || client.status === 'close'))) {
    throw toLimitsUnavailable(new Error(`Redis is not connected (status ${client.status})`));
  }
  await new Promise<void>((resolve, reject) => {
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('reconnecting', onDown);
      if (error === undefined) resolve();
      else reject(toLimitsUnavailable(error));
    };
    const onReady = (): void => finish();
    // The first connection attempt failed: no point waiting out the timeout.
    const onDown = (): void => finish(new Error('Redis refused the connection'));
    const timer = setTimeout(() => finish(new Error(`Redis not ready after ${timeoutMs} ms (status ${client.status})`)), timeoutMs);
    client.on('ready', onReady);
    if (!waitWhileReconnecting) client.on('reconnecting', onDown);
  });
}
