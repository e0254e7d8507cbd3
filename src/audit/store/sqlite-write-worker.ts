import { convertSqliteError } from '../../store/store-errors.js';
import { startSqliteWorker } from '../../store/sqlite/sqlite-worker.js';
import { ChainLeaseLostError } from './audit-store.js';

/**
 * The SQLite side of the audit log's group commit, on a writer thread (see sqlite-worker.ts):
 * each batch renews the chain lease and appends its entries and fingerprints in one IMMEDIATE
 * transaction, or appends nothing when the lease was lost.
 */
const APPEND_HANDLER = `(database, data) => {
  const renew = database.prepare('UPDATE audit_chains SET heartbeat_ms = ? WHERE replica = ? AND holder = ?');
  const insertEntry = database.prepare(data.insertEntrySql);
  const insertFingerprint = database.prepare('INSERT OR IGNORE INTO audit_fingerprints (fingerprint, replica, seq) VALUES (?, ?, ?)');
  const append = database.transaction((batch) => {
    if (renew.run(batch.nowMs, batch.replica, batch.holder).changes !== 1) return false;
    for (const values of batch.rows) insertEntry.run(values);
    for (const row of batch.fingerprints) insertFingerprint.run(row.fingerprint, batch.replica, row.seq);
    return true;
  });
  return (batch) => append.immediate(batch);
}`;

export interface SqliteWriteBatch {
  replica: string;
  holder: string;
  nowMs: number;
  rows: (string | number | null)[][];
  fingerprints: { fingerprint: string; seq: number }[];
}

export interface SqliteWriter {
  write(batch: SqliteWriteBatch): Promise<void>;
  close(): Promise<void>;
}

/** Starts the writer thread for a database file; `insertEntrySql` inserts one audit_entries row. */
export function startSqliteWriter(options: {
  path: string;
  synchronous: 'full' | 'normal';
  busyTimeoutMs: number;
  insertEntrySql: string;
}): SqliteWriter {
  const worker = startSqliteWorker({
    path: options.path,
    synchronous: options.synchronous,
    busyTimeoutMs: options.busyTimeoutMs,
    handlerSource: APPEND_HANDLER,
    data: { insertEntrySql: options.insertEntrySql },
    convertError: convertSqliteError,
    name: 'The audit writer',
  });
  return {
    async write(batch) {
      const held = await worker.run(JSON.stringify(batch));
      if (held === false) throw new ChainLeaseLostError(batch.replica);
    },
    close: () => worker.close(),
  };
}
