import { AirlockError } from '../errors/airlock-error.js';
import type { UsageRecord, UsageStore } from '../store/types.js';
import type { Logger } from '../telemetry/logger.js';

export interface UsageWriterOptions {
  store: UsageStore;
  logger: Logger;
  /** Longest a row waits before its batch is written (default 50 ms). */
  flushIntervalMs?: number;
  /** A batch is written at once when it reaches this many rows (default 200). */
  maxBatch?: number;
  /** Rows kept while the store is down; beyond this the oldest are dropped, with an error log (default 10,000). */
  maxPending?: number;
}

export interface UsageWriter {
  /** Queues a row; never throws, never waits for the store. */
  add(row: UsageRecord): void;
  /** Writes everything queued (used at shutdown and by tests). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const RETRY_DELAY_MS = 1_000;

/**
 * Group commit for usage rows. One insert per request would cost a commit each — on SQLite with
 * `synchronous: full` an fsync of several milliseconds that blocks the event loop — so rows are
 * queued and written together, one statement per batch, at most `flushIntervalMs` after they
 * arrive. While the store is unreachable the batch is retried every second and new rows queue
 * up to `maxPending`; nothing is lost unless the process dies or the queue overflows (both
 * logged; spend counters are unaffected, they were updated when each request ended).
 */
export function createUsageWriter(options: UsageWriterOptions): UsageWriter {
  const { store, logger } = options;
  const flushIntervalMs = options.flushIntervalMs ?? 50;
  const maxBatch = options.maxBatch ?? 200;
  const maxPending = options.maxPending ?? 10_000;
  let pending: UsageRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let closed = false;

  function schedule(delayMs: number): void {
    if (timer !== undefined || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      // A write in progress schedules the rest when it is done.
      if (writing === undefined) void writeBatches(true);
    }, delayMs);
    timer.unref();
  }

  async function writeBatch(batch: UsageRecord[]): Promise<boolean> {
    try {
      await store.recordMany(batch);
      return true;
    } catch (error) {
      if (error instanceof AirlockError && error.code === 'INVALID_REQUEST') {
        // One bad row must not cost the others: write them one by one and drop only the bad one.
        for (const row of batch)
          await store
            .record(row)
            .catch((cause: unknown) => logger.error({ requestId: row.requestId, err: cause }, 'usage row refused by the store'));
        return true;
      }
      logger.error({ rows: batch.length, err: error }, 'could not write usage rows; retrying');
      return false;
    }
  }

  /**
   * Writes full batches, and with `all` the rest too. Rows that arrive while a batch is being
   * written wait for the next timer (or a full batch) rather than going out at once: written as
   * soon as the previous commit returned they would make a commit (an fsync) of a few rows each.
   */
  function writeBatches(all: boolean): Promise<void> {
    writing ??= (async () => {
      // With `all`, the rows queued now; later ones wait as described.
      let due = all ? pending.length : 0;
      while (pending.length >= maxBatch || due > 0) {
        const batch = pending.slice(0, maxBatch);
        if (!(await writeBatch(batch))) {
          schedule(RETRY_DELAY_MS);
          return;
        }
        pending = pending.slice(batch.length);
        due -= batch.length;
      }
      if (pending.length > 0) schedule(flushIntervalMs);
    })().finally(() => {
      writing = undefined;
    });
    return writing;
  }

  return {
    add(row) {
      pending.push(row);
      if (pending.length > maxPending) {
        const dropped = pending.length - maxPending;
        pending = pending.slice(dropped);
        logger.error({ dropped }, 'usage queue full while the store is unreachable: oldest rows dropped');
      }
      if (pending.length >= maxBatch && writing === undefined) void writeBatches(false);
      else schedule(flushIntervalMs);
    },
    async flush() {
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      await writing;
      await writeBatches(true);
    },
    async close() {
      await this.flush();
      closed = true;
      clearTimeout(timer);
      if (pending.length > 0) logger.error({ rows: pending.length }, 'usage rows not written at shutdown (store unreachable)');
    },
  };
}
