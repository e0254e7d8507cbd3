import { SqliteConnection } from '../../store/sqlite/sqlite-connection.js';
import { convertSqliteError } from '../../store/store-errors.js';
import type { SqlExecutor } from '../../store/sql/sql-executor.js';
import { INSERT_COLUMNS, writeEntryValues, type AuditStore } from './audit-store.js';
import { startSqliteWriter, type SqliteWriter } from './sqlite-write-worker.js';

export interface SqliteAuditStoreOptions {
  path: string;
  synchronous: 'full' | 'normal';
  busyTimeoutMs: number;
}

const INSERT_ENTRY_SQL = `INSERT INTO audit_entries (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`;

/**
 * The audit log in the embedded SQLite file: reads on a connection of its own, appends on the
 * writer thread (started on the first append, so read-only CLI commands never start it).
 * Call after the store's migrations have run.
 */
export function createSqliteAuditStore(options: SqliteAuditStoreOptions): AuditStore {
  const connection = new SqliteConnection(options);
  let writer: SqliteWriter | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  return {
    kind: 'sqlite',
    executor: connection,
    async append(batch) {
      writer ??= startSqliteWriter({ ...options, insertEntrySql: INSERT_ENTRY_SQL });
      await writer.write({
        replica: batch.replica,
        holder: batch.holder,
        nowMs: batch.nowMs,
        rows: batch.entries.map((entry) => writeEntryValues(entry, (value) => (value ? 1 : 0)) as (string | number | null)[]),
        fingerprints: batch.fingerprints,
      });
    },
    transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
      // One connection: transactions take turns, and BEGIN IMMEDIATE takes the write lock first
      // so a concurrent writer (the gateway's worker) waits instead of failing mid-way.
      const run = queue.then(async () => {
        try {
          connection.database.exec('BEGIN IMMEDIATE');
        } catch (error) {
          throw convertSqliteError(error);
        }
        try {
          const result = await work(connection);
          connection.database.exec('COMMIT');
          return result;
        } catch (error) {
          if (connection.database.inTransaction) connection.database.exec('ROLLBACK');
          throw error;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await queue;
      await writer?.close();
      connection.close();
    },
  };
}
