import path from 'node:path';
import { ConfigError } from '../../config/config-error.js';
import type { StoreConfig } from '../../config/store-schema.js';
import { createStore } from '../../store/create-store.js';
import type { Logger } from '../../telemetry/logger.js';
import type { AuditStore } from './audit-store.js';
import { createPostgresAuditStore } from './postgres-audit-store.js';
import { createSqliteAuditStore } from './sqlite-audit-store.js';

export interface OpenAuditStoreOptions {
  dataDir: string;
  configDir?: string;
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

/** Connections the audit log keeps to PostgreSQL: one appending, the rest for forwarders and the admin API. */
const POSTGRES_AUDIT_POOL = 4;

/**
 * The audit log on the store the config names (the same database as keys and usage), migrated:
 * the audit tables are migrations of the store itself, so this runs the store's own `migrate()`
 * first (harmless when the gateway already did).
 */
export async function openAuditStore(config: StoreConfig, options: OpenAuditStoreOptions): Promise<AuditStore> {
  const core = createStore(config, options);
  try {
    await core.migrate();
  } finally {
    await core.close();
  }
  if (config.kind === 'sqlite') {
    const file =
      config.path === undefined
        ? path.join(options.dataDir, 'airlock.db')
        : path.resolve(options.configDir ?? options.dataDir, config.path);
    return createSqliteAuditStore({ path: file, synchronous: config.synchronous, busyTimeoutMs: config.busyTimeoutMs });
  }
  const connectionString = (options.env ?? process.env)[config.urlEnv];
  if (connectionString === undefined || connectionString === '') {
    throw new ConfigError('environment', [{ path: 'store.urlEnv', message: `environment variable ${config.urlEnv} is not set` }]);
  }
  return createPostgresAuditStore({
    connectionString,
    schema: config.schema,
    poolSize: POSTGRES_AUDIT_POOL,
    connectTimeoutMs: config.connectTimeoutMs,
    queryTimeoutMs: config.queryTimeoutMs,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
