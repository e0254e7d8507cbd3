import { ConfigError } from '../config/config-error.js';
import type { LimitsConfig } from '../config/store-schema.js';
import type { Logger } from '../telemetry/logger.js';
import { createFailOpenLimiter } from './fail-open-limiter.js';
import { createMemoryLimiter } from './memory/memory-limiter.js';
import { createRedisLimiter } from './redis/redis-limiter.js';
import type { Limiter, LimiterTiming } from './types.js';

export interface CreateLimiterOptions extends LimiterTiming {
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

/** The limiter the config asks for, wrapped to fail open when the config says so. */
export function createLimiter(config: LimitsConfig, options: CreateLimiterOptions = {}): Limiter {
  const { env = process.env, logger, ...timing } = options;
  if (config.kind === 'memory') return createMemoryLimiter(timing);
  let url = config.url ?? 'redis://127.0.0.1:6379';
  if (config.urlEnv !== undefined) {
    const fromEnv = env[config.urlEnv];
    if (fromEnv === undefined || fromEnv === '') {
      throw new ConfigError('environment', [
        { path: 'limits.urlEnv', message: `environment variable ${config.urlEnv} (the Redis URL) is not set` },
      ]);
    }
    url = fromEnv;
  }
  const limiter = createRedisLimiter({
    ...timing,
    url,
    keyPrefix: config.keyPrefix,
    connectTimeoutMs: config.connectTimeoutMs,
    commandTimeoutMs: config.commandTimeoutMs,
    ...(logger === undefined ? {} : { logger }),
  });
  return config.failMode === 'open' ? createFailOpenLimiter(limiter, logger) : limiter;
}
