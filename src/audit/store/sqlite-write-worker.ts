import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AirlockError } from '../../errors/airlock-error.js';
import { convertSqliteError } from '../../store/store-errors.js';
import { ChainLeaseLostError } from './audit-store.js';

/**
 * The SQLite side of group commit. With `synchronous = FULL` every commit waits for an fsync
 * (1–2 ms on ordinary disks); better-sqlite3 is synchronous, so on the main thread that would
 * stall every request in flight. This worker owns its own connection and commits batches while
 * the event loop keeps serving; requests wait only for the commit that carries their record.
 *
 * The worker is plain JavaScript evaluated from a string, so it runs the same under tsx, vitest
 * and the compiled build, and loads better-sqlite3 from the path resolved here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const database = new Database(workerData.path);
database.pragma('journal_mode = WAL');
database.pragma('synchronous = ' + workerData.synchronous);
database.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const renew = database.prepare('UPDATE audit_chains SET heartbeat_ms = ? WHERE replica = ? AND holder = ?');
const insertEntry = database.prepare(workerData.insertEntrySql);
const insertFingerprint = database.prepare('INSERT OR IGNORE INTO audit_fingerprints (fingerprint, replica, seq) VALUES (?, ?, ?)');
const append = database.transaction((batch) => {
  if (renew.run(batch.nowMs, batch.replica, batch.holder).changes !== 1) return false;
  for (const values of batch.rows) insertEntry.run(values);
  for (const row of batch.fingerprints) insertFingerprint.run(row.fingerprint, batch.replica, row.seq);
  return true;
});
parentPort.on('message', (message) => {
  if (message.type === 'close') {
    database.close();
    parentPort.close();
    return;
  }
  try {
    // The batch comes as one JSON string: cheaper to send than a structured clone of its rows.
    const held = append.immediate(JSON.parse(message.batch));
    parentPort.postMessage({ id: message.id, held });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { code: error && error.code, message: String(error && error.message) } });
  }
});
`;

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

interface Pending {
  resolve(): void;
  reject(error: unknown): void;
  replica: string;
}

/** Starts the writer thread for a database file; `insertEntrySql` inserts one audit_entries row. */
export function startSqliteWriter(options: {
  path: string;
  synchronous: 'full' | 'normal';
  busyTimeoutMs: number;
  insertEntrySql: string;
}): SqliteWriter {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { ...options, synchronous: options.synchronous === 'full' ? 'FULL' : 'NORMAL', driverPath },
  });
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: unknown;
  const failAll = (error: unknown): void => {
    failure = error;
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };
  worker.on('message', (message: { id: number; held?: boolean; error?: { code?: string; message: string } }) => {
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    if (message.error) {
      const cause = Object.assign(new Error(message.error.message), { code: message.error.code });
      entry.reject(convertSqliteError(cause));
    } else if (message.held === false) {
      entry.reject(new ChainLeaseLostError(entry.replica));
    } else {
      entry.resolve();
    }
  });
  worker.on('error', (error) => failAll(new AirlockError('STORE_UNAVAILABLE', 'The store is unavailable.', { cause: error })));
  worker.on('exit', () => failAll(new AirlockError('STORE_UNAVAILABLE', 'The audit writer stopped.')));
  let closed: Promise<void> | undefined;
  return {
    write(batch) {
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise<void>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject, replica: batch.replica });
        worker.postMessage({ id, batch: JSON.stringify(batch) });
      });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        if (failure !== undefined) return resolve();
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'close' });
      });
      return closed;
    },
  };
}
