import pg from 'pg';
import type { Logger } from '../../telemetry/logger.js';
import { computeMigrationChecksum, planMigrations, type Migration } from '../migration.js';
import { convertPostgresError } from '../store-errors.js';
import { composeSqlStore } from '../sql/compose-sql-store.js';
import type { MigrationReport, Store } from '../types.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { PostgresExecutor } from './postgres-executor.js';
import { createPostgresUsageStore } from './postgres-usage-store.js';

export interface PostgresStoreOptions {
  /** postgres:// URL; read from the environment variable the config names, never from the file. */
  connectionString: string;
  /** Schema holding the tables (created by `migrate()` when missing). Default `public`. */
  schema?: string;
  poolSize?: number;
  /** Longest wait for a connection, new or from the pool. Default 2 s. */
  connectTimeoutMs?: number;
  /** Longest a query may run, enforced by the server and by the client (a partitioned network). Default 5 s. */
  queryTimeoutMs?: number;
  /** Longest a migration statement may run. Default 10 min. */
  migrationTimeoutMs?: number;
  /** Defaults to POSTGRES_MIGRATIONS. */
  migrations?: readonly Migration[];
  logger?: Logger;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The fleet store: one pg Pool per replica. Every query is parameterised; every wait is bounded
 * (connect, pool checkout, query), so an unreachable database fails a request with
 * STORE_UNAVAILABLE within a few seconds instead of hanging it. Call `migrate()` before use.
 */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new TypeError('The PostgreSQL schema name must match [a-z_][a-z0-9_]*.');
  const clientConfig = (timeoutMs: number): pg.ClientConfig => ({
    connectionString: options.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 2_000,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    // Every connection resolves unqualified table names in Airlock's schema.
    options: `-c search_path=${schema}`,
    application_name: 'airlock',
  });
  const pool = new pg.Pool({ ...clientConfig(options.queryTimeoutMs ?? 5_000), max: options.poolSize ?? 10 });
  // An idle client whose connection drops emits 'error' on the pool; unhandled, it would crash the process.
  pool.on('error', (error) => options.logger?.warn({ err: error }, 'PostgreSQL connection lost'));
  const migrations = options.migrations ?? POSTGRES_MIGRATIONS;

  const executor = new PostgresExecutor(pool);
  const store = composeSqlStore(executor, {
    migrate: () => migratePostgres(clientConfig(options.migrationTimeoutMs ?? 600_000), schema, migrations),
    ping: async () => {
      try {
        await pool.query('SELECT 1');
      } catch (error) {
        throw convertPostgresError(error);
      }
    },
    close: async () => {
      // pg refuses a second end(); closing twice (shutdown paths) must be harmless.
      if (!pool.ended) await pool.end();
    },
  });
  return { ...store, usage: createPostgresUsageStore(executor) };
}

/**
 * Applies pending migrations in one transaction under a transaction-scoped advisory lock keyed
 * by the schema: when several replicas start at once, one migrates and the others wait, then
 * find nothing left to do. DDL is transactional in PostgreSQL, so a failed migration leaves
 * nothing half-applied.
 */
async function migratePostgres(config: pg.ClientConfig, schema: string, migrations: readonly Migration[]): Promise<MigrationReport> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`airlock-migrations:${schema}`]);
    const existing = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    // Checked first: CREATE SCHEMA IF NOT EXISTS still needs CREATE rights on the database.
    if (existing.rowCount === 0) await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS airlock_migrations (id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL)',
    );
    const rows = await client.query<{ id: string; checksum: string }>('SELECT id, checksum FROM airlock_migrations');
    const pending = planMigrations(migrations, new Map(rows.rows.map((row) => [row.id, row.checksum])));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO airlock_migrations (id, checksum, applied_at) VALUES ($1, $2, now())', [
        migration.id,
        computeMigrationChecksum(migration),
      ]);
    }
    await client.query('COMMIT');
    return { applied: pending.map((migration) => migration.id) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw convertPostgresError(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
