import type { SqlExecutor } from '../../store/sql/sql-executor.js';
import type { Logger } from '../../telemetry/logger.js';
import { readFinishedRecords } from '../audit-queries.js';
import type { RecordSender } from './record-sender.js';

export interface ForwarderStatus {
  name: string;
  replica: string;
  /** The last entry delivered (every finished record up to it has been sent). */
  deliveredSeq: number;
  consecutiveFailures: number;
  lastError: string | null;
  lastDeliveredAt: string | null;
}

export interface ForwardingLoop {
  status(): ForwarderStatus;
  /** Wakes the loop (new records were committed). */
  wake(): void;
  stop(): Promise<void>;
}

export interface ForwardingLoopOptions {
  name: string;
  sender: RecordSender;
  executor: SqlExecutor;
  /** The chain this process writes (it may move to another if its lease is lost). */
  replica: () => string;
  batchSize: number;
  maxBackoffMs: number;
  logger: Logger;
  pollMs?: number;
}

/**
 * Delivers this replica's finished records to one destination, in chain order, and remembers
 * how far it got in `audit_forward_cursors`, in the store. The backlog is therefore the audit log
 * itself: when the destination is down, records wait in the store (a restart loses nothing) and
 * the same batch is retried with exponential backoff, each failure logged, until it goes through.
 */
export function startForwardingLoop(options: ForwardingLoopOptions): ForwardingLoop {
  const { executor, logger } = options;
  const status: ForwarderStatus = {
    name: options.name,
    replica: options.replica(),
    deliveredSeq: 0,
    consecutiveFailures: 0,
    lastError: null,
    lastDeliveredAt: null,
  };
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function deliverOnce(): Promise<boolean> {
    const replica = options.replica();
    if (replica !== status.replica) Object.assign(status, { replica, deliveredSeq: 0 });
    status.deliveredSeq = await readCursor(executor, options.name, replica);
    const finished = await readFinishedRecords(executor, replica, status.deliveredSeq, options.batchSize);
    const last = finished[finished.length - 1];
    if (!last) return false;
    const records = finished.flatMap((item) => (item.record ? [item.record] : []));
    if (records.length > 0) await options.sender.send(records);
    await writeCursor(executor, options.name, replica, last.finalSeq);
    Object.assign(status, {
      deliveredSeq: last.finalSeq,
      consecutiveFailures: 0,
      lastError: null,
      lastDeliveredAt: new Date().toISOString(),
    });
    return true;
  }

  const running = (async () => {
    while (!stopped) {
      try {
        if (!(await deliverOnce())) await sleep(options.pollMs ?? 1_000);
      } catch (error) {
        status.consecutiveFailures += 1;
        status.lastError = error instanceof Error ? error.message : String(error);
        const backoff = Math.min(options.maxBackoffMs, 500 * 2 ** Math.min(status.consecutiveFailures - 1, 16));
        logger.warn(
          { forwarder: options.name, failures: status.consecutiveFailures, retryInMs: backoff, err: error },
          'audit: forwarding failed; records kept for retry',
        );
        if (!stopped) await sleep(backoff);
      }
    }
  })();

  return {
    status: () => ({ ...status }),
    wake: () => {
      // A retry waits out its backoff; only an idle loop is woken early.
      if (status.consecutiveFailures === 0) wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
      await options.sender.close();
    },
  };
}

export async function readCursor(executor: SqlExecutor, forwarder: string, replica: string): Promise<number> {
  const [row] = await executor.query('SELECT seq FROM audit_forward_cursors WHERE forwarder = ? AND replica = ?', [forwarder, replica]);
  return row === undefined ? 0 : Number(row.seq);
}

async function writeCursor(executor: SqlExecutor, forwarder: string, replica: string, seq: number): Promise<void> {
  await executor.query(
    'INSERT INTO audit_forward_cursors (forwarder, replica, seq, updated_ms) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (forwarder, replica) DO UPDATE SET seq = excluded.seq, updated_ms = excluded.updated_ms',
    [forwarder, replica, seq, Date.now()],
  );
}
