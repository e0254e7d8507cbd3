import { convertSqliteError, convertWriteError } from '../store-errors.js';
import { createSqlUsageStore, INSERT_USAGE_ROW_SQL, pushUsageValues, USAGE_ROW_WIDTH } from '../sql/sql-usage-store.js';
import type { SqlValue } from '../sql/sql-executor.js';
import type { UsageRecord, UsageStore } from '../types.js';
import type { SqliteConnection, SqliteConnectionOptions } from './sqlite-connection.js';
import { startSqliteWorker, type SqliteWorker } from './sqlite-worker.js';

/**
 * Inserts one batch of usage rows in one IMMEDIATE transaction (one commit, one fsync) with a
 * single prepared one-row statement, and returns how many rows were new. The batch is the rows'
 * values, flattened (`width` per row).
 */
const INSERT_HANDLER = `(database, data) => {
  const insert = database.prepare(data.insertSql);
  const width = data.width;
  const write = database.transaction((values) => {
    let inserted = 0;
    for (let start = 0; start < values.length; start += width) inserted += insert.run(values.slice(start, start + width)).changes;
    return inserted;
  });
  return (values) => write.immediate(values);
}`;

export interface SqliteUsageStore extends UsageStore {
  /** Stops the writer thread (after the batches already sent). */
  close(): Promise<void>;
}

/**
 * Usage rows in the embedded SQLite file. Reads (summaries) run on the main connection; writes
 * go to a writer thread of their own, started on the first write (read-only CLI commands never
 * start it). A usage insert is mostly SQLite's work, not JavaScript's: request ids are random, so
 * each row lands on its own page of the request-id index, and a batch of 200 dirties some 200
 * pages that the commit writes to the WAL and fsyncs. On the main thread that cost 10–25 µs per
 * request as the table grew; on the writer thread the main thread only flattens the rows and
 * sends them as one JSON string. An in-memory database (one connection) is written in place.
 */
export function createSqliteUsageStore(connection: SqliteConnection, options: SqliteConnectionOptions): SqliteUsageStore {
  const onConnection = createSqlUsageStore(connection);
  if (options.path === ':memory:') return { ...onConnection, close: async () => undefined };
  let worker: SqliteWorker | undefined;

  async function insert(rows: readonly UsageRecord[]): Promise<number> {
    const values: SqlValue[] = [];
    for (const row of rows) pushUsageValues(values, connection, row);
    if (values.length === 0) return 0;
    // A thread that stopped (it could not open the file, or crashed) is replaced on the next
    // write, so the usage writer's retries can succeed once the cause is gone.
    if (worker === undefined || worker.stopped) {
      worker = startSqliteWorker({
        path: options.path,
        synchronous: options.synchronous,
        busyTimeoutMs: options.busyTimeoutMs,
        handlerSource: INSERT_HANDLER,
        data: { insertSql: INSERT_USAGE_ROW_SQL, width: USAGE_ROW_WIDTH },
        convertError: (cause) => convertWriteError(cause, convertSqliteError, 'The usage row'),
        name: 'The usage writer',
      });
    }
    return Number(await worker.run(JSON.stringify(values)));
  }

  return {
    record: async (row) => (await insert([row])) === 1,
    recordMany: insert,
    summarize: (query) => onConnection.summarize(query),
    async close() {
      await worker?.close();
    },
  };
}
