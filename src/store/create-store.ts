import path from 'node:path';
import { ConfigError } from '../config/config-error.js';
import type { StoreConfig } from '../config/store-schema.js';
import type { Logger } from '../telemetry/logger.js';
import { createPostgresStore } from './postgres/postgres-store.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

export interface CreateStoreOptions {
  /** The resolved data directory; the SQLite file defaults to `<dataDir>/airlock.db`. */
  dataDir: string;
  /** Where a relative `store.path` resolves from (the config file's folder); default dataDir. */
  configDir?: string;
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

/** The store the config asks for. Not yet migrated: call `await store.migrate()` at start. */
export function createStore(config: StoreConfig, options: CreateStoreOptions): Store {
  if (config.kind === 'sqlite') {
    const file =
      config.path === undefined
        ? path.join(options.dataDir, 'airlock.db')
        : path.resolve(options.configDir ?? options.dataDir, config.path);
    return createSqliteStore({ path: file, synchronous: config.synchronous, busyTimeoutMs: config.busyTimeoutMs });
  }
  const connectionString = (options.env ?? process.env)[config.urlEnv];
  if (connectionString === undefined || connectionString === '') {
    throw new ConfigError('environment', [
      { path: 'store.urlEnv', message: `environment variable ${config.urlEnv} (the PostgreSQL connection string) is not set` },
    ]);
  }
  return createPostgresStore({
    connectionString,
    schema: config.schema,
    poolSize: config.poolSize,
    connectTimeoutMs: config.connectTimeoutMs,
    queryTimeoutMs: config.queryTimeoutMs,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
