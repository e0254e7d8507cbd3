import { computeMigrationChecksum, planMigrations, type Migration } from '../migration.js';
import { convertSqliteError } from '../store-errors.js';
import { composeSqlStore } from '../sql/compose-sql-store.js';
import type { MigrationReport, Store } from '../types.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { SqliteConnection, type SqliteConnectionOptions } from './sqlite-connection.js';
import { createSqliteUsageStore } from './sqlite-usage-store.js';

export interface SqliteStoreOptions extends Partial<Omit<SqliteConnectionOptions, 'path'>> {
  path: string;
  /** Defaults to SQLITE_MIGRATIONS. */
  migrations?: readonly Migration[];
}

/**
 * The embedded store: one SQLite file in WAL mode. Several processes (the gateway and the CLI)
 * may open the same file; writes are serialised by SQLite's lock, waiting up to busyTimeoutMs.
 * Usage rows are written on a thread of their own (sqlite-usage-store.ts). Call `migrate()`
 * before use.
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const connectionOptions: SqliteConnectionOptions = {
    path: options.path,
    synchronous: options.synchronous ?? 'full',
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
  };
  const connection = new SqliteConnection(connectionOptions);
  const usage = createSqliteUsageStore(connection, connectionOptions);
  const migrations = options.migrations ?? SQLITE_MIGRATIONS;
  const store = composeSqlStore(connection, {
    migrate: async () => migrateSqlite(connection, migrations),
    ping: async () => {
      await connection.query('SELECT 1');
    },
    close: async () => {
      // The usage writer thread first: it commits the batches already sent to it.
      await usage.close();
      connection.close();
    },
  });
  return { ...store, usage };
}

/**
 * Applies pending migrations in one IMMEDIATE transaction: it takes the write lock first, so a
 * second process starting at the same moment waits, then sees the migrations already applied.
 */
function migrateSqlite(connection: SqliteConnection, migrations: readonly Migration[]): MigrationReport {
  const run = connection.database.transaction((): MigrationReport => {
    connection.querySync(
      'CREATE TABLE IF NOT EXISTS airlock_migrations (id TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    const rows = connection.querySync('SELECT id, checksum FROM airlock_migrations');
    const applied = new Map(rows.map((row) => [String(row.id), String(row.checksum)]));
    const pending = planMigrations(migrations, applied);
    for (const migration of pending) {
      connection.database.exec(migration.sql);
      connection.querySync('INSERT INTO airlock_migrations (id, checksum, applied_at) VALUES (?, ?, ?)', [
        migration.id,
        computeMigrationChecksum(migration),
        Date.now(),
      ]);
    }
    return { applied: pending.map((migration) => migration.id) };
  });
  try {
    return run.immediate();
  } catch (error) {
    throw convertSqliteError(error);
  }
}
