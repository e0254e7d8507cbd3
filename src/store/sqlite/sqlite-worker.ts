import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AirlockError } from '../../errors/airlock-error.js';

/**
 * A thread that owns one SQLite connection and commits batches for the main thread. With
 * `synchronous = FULL` every commit waits for an fsync, and better-sqlite3 is synchronous, so on
 * the main thread each commit (and the B-tree and WAL work before it) would stall every request
 * in flight. Group commits (the audit log's appends, the usage rows) run here instead, while the
 * event loop keeps serving; callers wait only for the commit that carries their batch.
 *
 * The worker is plain JavaScript evaluated from a string, so it runs the same under tsx, vitest
 * and the compiled build, and loads better-sqlite3 from the path resolved here. Each user supplies
 * `handlerSource`: the source of a function `(database, workerData) => (batch) => result`, called
 * once when the thread starts (to prepare its statements); the returned function runs each batch
 * and its result is sent back. Batches travel as one JSON string, cheaper to send than a
 * structured clone of many small arrays.
 */
const WORKER_SOURCE = (handlerSource: string): string => `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const database = new Database(workerData.path);
database.pragma('journal_mode = WAL');
database.pragma('synchronous = ' + workerData.synchronous);
database.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const handle = (${handlerSource})(database, workerData.data);
parentPort.on('message', (message) => {
  if (message.type === 'close') {
    database.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, result: handle(JSON.parse(message.batch)) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { code: error && error.code, message: String(error && error.message) } });
  }
});
`;

export interface SqliteWorkerOptions {
  path: string;
  synchronous: 'full' | 'normal';
  busyTimeoutMs: number;
  /** Source of `(database, data) => (batch) => result`; see above. Never built from input. */
  handlerSource: string;
  /** Structured-cloneable values the handler's setup receives (SQL text, widths…). */
  data?: unknown;
  /** What a failed batch becomes on the main thread; `cause` carries the SQLite code and message. */
  convertError(cause: Error & { code?: string }): unknown;
  /** Names the thread in errors ("The audit writer stopped."). */
  name: string;
}

export interface SqliteWorker {
  /** Sends a batch (a JSON string the handler parses) and resolves with the handler's result. */
  run(batch: string): Promise<unknown>;
  /** True once the thread has stopped (closed, crashed, or failed to open the file); start a new one to go on. */
  readonly stopped: boolean;
  close(): Promise<void>;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

export function startSqliteWorker(options: SqliteWorkerOptions): SqliteWorker {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE(options.handlerSource), {
    eval: true,
    workerData: {
      path: options.path,
      synchronous: options.synchronous === 'full' ? 'FULL' : 'NORMAL',
      busyTimeoutMs: Math.trunc(options.busyTimeoutMs),
      driverPath,
      data: options.data,
    },
  });
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: unknown;
  const settle = (id: number): Pending | undefined => {
    const entry = pending.get(id);
    if (entry === undefined) return undefined;
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    return entry;
  };
  const failAll = (error: unknown): void => {
    failure ??= error;
    for (const entry of pending.values()) entry.reject(failure);
    pending.clear();
  };
  worker.on('message', (message: { id: number; result?: unknown; error?: { code?: string; message: string } }) => {
    const entry = settle(message.id);
    if (entry === undefined) return;
    if (message.error) entry.reject(options.convertError(Object.assign(new Error(message.error.message), { code: message.error.code })));
    else entry.resolve(message.result);
  });
  worker.on('error', (error) => failAll(new AirlockError('STORE_UNAVAILABLE', 'The store is unavailable.', { cause: error })));
  worker.on('exit', () => failAll(new AirlockError('STORE_UNAVAILABLE', `${options.name} stopped.`)));
  // The thread keeps the process alive only while a batch is out, so a store nobody closed never
  // holds the process open, and a process never exits with a commit in flight. (After the
  // listeners: adding a 'message' listener refs the worker's port again.)
  worker.unref();
  let closed: Promise<void> | undefined;
  return {
    run(batch) {
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const id = nextId++;
        if (pending.size === 0) worker.ref();
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, batch });
      });
    },
    get stopped() {
      return failure !== undefined;
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        if (failure !== undefined) return resolve();
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'close' });
      });
      return closed;
    },
  };
}
