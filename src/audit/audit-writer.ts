import { EventEmitter } from 'node:events';
import { AirlockError } from '../errors/airlock-error.js';
import type { Logger } from '../telemetry/logger.js';
import type { EntryFields } from './audit-entry.js';
import { claimChain, readChainHead, releaseChain, type ChainClaim, type ChainHead, type ClaimOptions } from './chain-lease.js';
import { prepareBatch } from './prepare-batch.js';
import type { SigningKey } from './signing-key.js';
import { ChainLeaseLostError, type AuditStore } from './store/audit-store.js';

export interface AuditWriterOptions {
  store: AuditStore;
  claim: ChainClaim;
  claimOptions: ClaimOptions;
  signingKey: SigningKey;
  maxBatch: number;
  checkpointEveryRecords: number;
  checkpointEveryMs: number;
  leaseMs: number;
  logger: Logger;
  /** Most entries kept waiting for a store that is down before the oldest are given up (and logged). */
  maxQueued?: number;
  /** The clock of checkpoint times and lease renewals (tests). */
  now?: () => number;
  /**
   * Longest a non-durable entry (an outcome) waits for a commit that a durable entry starts
   * (default 10 ms). Under load, outcomes ride along with the next decisions' commit instead of
   * costing a commit (an fsync) of their own, and a decision never queues behind an outcome-only
   * commit.
   */
  deferMs?: number;
}

interface QueuedEntry {
  fields: EntryFields;
  fingerprints: readonly string[];
  /** Durable entries fail fast (their request is refused); the others are retried until written. */
  durable: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Appends entries to this replica's chain with group commit: every entry queued while a commit
 * is running goes into the next one, so under load one transaction (one fsync) carries many
 * requests' records, and each request still waits until its own record is durable. Entries are
 * hashed at commit time, in queue order, so a failed commit leaves the chain head untouched.
 * A signed checkpoint entry is added every `checkpointEveryRecords` entries or
 * `checkpointEveryMs`, and on close (sealing the chain).
 */
export class AuditWriter extends EventEmitter<{ committed: [] }> {
  private claim: ChainClaim;
  private queue: QueuedEntry[] = [];
  private committing = false;
  private scheduled = false;
  private deferred: NodeJS.Timeout | undefined;
  private sinceCheckpoint = 0;
  private readonly now: () => number;
  private lastCheckpointAt: number;
  private lastCommitAt: number;
  private retryDelayMs = 0;
  private headUncertain = false;
  private lastFailed: { head: ChainHead; batch: QueuedEntry[] } | undefined;
  private closed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly idle = new Set<() => void>();

  constructor(private readonly options: AuditWriterOptions) {
    super();
    this.claim = options.claim;
    this.now = options.now ?? Date.now;
    this.lastCheckpointAt = this.now();
    this.lastCommitAt = this.now();
    const tick = Math.max(250, Math.min(options.leaseMs / 3, options.checkpointEveryMs / 2));
    this.timer = setInterval(() => this.onTick(), tick);
    this.timer.unref();
  }

  get replica(): string {
    return this.claim.replica;
  }

  /** Queues an entry; resolves once it is committed. */
  append(fields: EntryFields, fingerprints: readonly string[], durable: boolean): Promise<void> {
    if (this.closed) return Promise.reject(new AirlockError('AUDIT_UNAVAILABLE', 'The audit log is closed.'));
    return new Promise<void>((resolve, reject) => {
      // The replica is set when the batch is chained (prepareBatch): the chain may change before then.
      this.queue.push({ fields, fingerprints, durable, resolve, reject });
      this.trimQueue();
      if (durable) this.schedule();
      else this.scheduleDeferred();
    });
  }

  /** Writes what is queued, seals the chain with a checkpoint and gives up the lease. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.schedule();
    await this.drain();
    if (this.sinceCheckpoint > 0) {
      const sealed = await this.commit([], true);
      if (sealed !== true) this.options.logger.error({ err: sealed.error }, 'audit: final checkpoint failed');
    }
    await releaseChain(this.options.store.executor, this.claim).catch(() => undefined);
  }

  /** Resolves when nothing is queued or being written (or retrying fails for a second). */
  private drain(): Promise<void> {
    if (this.queue.length === 0 && !this.committing) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(giveUp);
        this.idle.delete(done);
        resolve();
      };
      const giveUp = setTimeout(done, 5_000);
      this.idle.add(done);
    });
  }

  /** Non-durable entries alone: a commit within `deferMs`, unless a durable entry starts one first. */
  private scheduleDeferred(): void {
    if (this.deferred !== undefined || this.scheduled || this.committing) return;
    this.deferred = setTimeout(() => {
      this.deferred = undefined;
      this.schedule();
    }, this.options.deferMs ?? 10);
    this.deferred.unref();
  }

  private schedule(): void {
    if (this.scheduled || this.committing) return;
    if (this.deferred !== undefined) {
      clearTimeout(this.deferred);
      this.deferred = undefined;
    }
    this.scheduled = true;
    // setImmediate, not a microtask: every request ready in this turn of the event loop joins the batch.
    const run = (): void => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.retryDelayMs > 0) setTimeout(run, this.retryDelayMs).unref();
    else setImmediate(run);
  }

  private async flush(): Promise<void> {
    if (this.committing || this.queue.length === 0) return this.notifyIdle();
    const batch = this.queue.splice(0, this.options.maxBatch);
    const checkpoint =
      this.sinceCheckpoint + batch.length >= this.options.checkpointEveryRecords ||
      this.now() - this.lastCheckpointAt >= this.options.checkpointEveryMs;
    const result = await this.commit(batch, checkpoint);
    if (result === true) {
      this.retryDelayMs = 0;
      for (const entry of batch) entry.resolve();
    } else {
      this.handleFailure(batch, result.error);
    }
    this.continue();
  }

  /**
   * After a commit: what queued meanwhile is written at once (not a loop turn later: under load
   * that turn is where the latency is), unless the store is failing and retries wait.
   */
  private continue(): void {
    if (this.queue.length === 0) this.notifyIdle();
    else if (this.retryDelayMs > 0 || this.committing) this.schedule();
    else if (this.closed || this.queue.some((entry) => entry.durable)) void this.flush();
    else this.scheduleDeferred();
  }

  /**
   * Writes one batch. A failure is not always what it seems: a commit whose answer was lost (a
   * client-side timeout, a dropped connection) may have been applied by the server. So after a
   * failure the chain head is read back: if it is this batch's head, the batch is committed and
   * reported so; if the head cannot be read, the next commit reads it first (see settleHead).
   */
  private async commit(batch: QueuedEntry[], checkpoint: boolean): Promise<true | { error: unknown }> {
    this.committing = true;
    try {
      await this.settleHead();
      const now = this.now();
      const prepared = prepareBatch(
        this.claim.replica,
        this.claim.head,
        batch,
        checkpoint ? { key: this.options.signingKey, timeMs: now } : undefined,
      );
      try {
        await this.options.store.append({
          replica: this.claim.replica,
          holder: this.claim.holder,
          nowMs: now,
          entries: prepared.entries,
          fingerprints: prepared.fingerprints,
        });
      } catch (error) {
        if (error instanceof ChainLeaseLostError || !(await this.isHead(prepared.head))) {
          this.lastFailed = { head: prepared.head, batch };
          // Whatever failed, the next commit starts by reading where the chain really ends.
          this.headUncertain = !(error instanceof ChainLeaseLostError);
          return { error };
        }
        this.options.logger.warn({ replica: this.claim.replica }, 'audit: a commit reported as failed was applied; continuing from it');
      }
      this.claim = { ...this.claim, head: prepared.head };
      this.lastCommitAt = now;
      this.sinceCheckpoint = checkpoint ? 0 : this.sinceCheckpoint + batch.length;
      if (checkpoint) this.lastCheckpointAt = now;
      if (prepared.entries.length > 0) this.notifyCommitted();
      return true;
    } catch (error) {
      return { error };
    } finally {
      this.committing = false;
    }
  }

  /** Tells listeners (forwarders); a listener's failure must not make a committed batch look failed. */
  private notifyCommitted(): void {
    try {
      this.emit('committed');
    } catch (error) {
      this.options.logger.error({ err: error }, 'audit: a commit listener failed');
    }
  }

  /** Whether the stored chain ends at `head`; when the store cannot say, the next commit asks again first. */
  private async isHead(head: ChainHead): Promise<boolean> {
    try {
      const current = await readChainHead(this.options.store.executor, this.claim.replica);
      return current.seq === head.seq && current.hash === head.hash;
    } catch {
      return false;
    }
  }

  /**
   * After a failure whose outcome could not be checked: if the failed batch was committed after
   * all, continue from it and take its retried entries out of the queue (they are written). Any
   * other head means another writer appended to this chain: stop, as for a lost lease.
   */
  private async settleHead(): Promise<void> {
    if (!this.headUncertain) return;
    const current = await readChainHead(this.options.store.executor, this.claim.replica);
    this.headUncertain = false;
    const known = this.claim.head;
    if (current.seq === known.seq && current.hash === known.hash) return;
    const failed = this.lastFailed;
    if (!failed || current.seq !== failed.head.seq || current.hash !== failed.head.hash) throw new ChainLeaseLostError(this.claim.replica);
    this.claim = { ...this.claim, head: current };
    const written = new Set(failed.batch);
    this.queue = this.queue.filter((entry) => {
      if (!written.has(entry)) return true;
      entry.resolve();
      return false;
    });
    this.options.logger.warn({ replica: this.claim.replica }, 'audit: a commit reported as failed was applied; continuing from it');
  }

  private handleFailure(batch: QueuedEntry[], error: unknown): void {
    const retried = batch.filter((entry) => !entry.durable);
    for (const entry of batch) {
      if (entry.durable) entry.reject(error);
    }
    // Records of requests already answered are kept and retried until the store is back.
    this.queue.unshift(...retried);
    this.retryDelayMs = Math.min(5_000, Math.max(100, this.retryDelayMs * 2));
    if (error instanceof ChainLeaseLostError) {
      this.options.logger.error({ replica: this.claim.replica }, 'audit: another process took over this chain; moving to a new one');
      void this.reclaim();
    } else {
      this.options.logger.error({ err: error, queued: this.queue.length }, 'audit: writing the audit log failed');
    }
  }

  /** Our lease lapsed (the store was unreachable for longer than the lease) and was taken: continue on a free chain. */
  private async reclaim(): Promise<void> {
    this.committing = true;
    try {
      this.claim = await claimChain(this.options.store.executor, { ...this.options.claimOptions, replicaId: undefined });
      this.sinceCheckpoint = 0;
    } catch (error) {
      this.options.logger.error({ err: error }, 'audit: no chain could be claimed');
    } finally {
      this.committing = false;
      this.schedule();
    }
  }

  private trimQueue(): void {
    const limit = this.options.maxQueued ?? 100_000;
    while (this.queue.length > limit) {
      const dropped = this.queue.shift();
      dropped?.reject(new AirlockError('AUDIT_UNAVAILABLE', 'The audit log is unavailable.'));
      this.options.logger.error({ requestId: dropped?.fields.request_id }, 'audit: record given up after the store stayed unavailable');
    }
  }

  /** Renews the lease when idle, and writes a time-based checkpoint. */
  private onTick(): void {
    if (this.committing || this.scheduled || this.queue.length > 0) return;
    const now = this.now();
    const checkpointDue = this.sinceCheckpoint > 0 && now - this.lastCheckpointAt >= this.options.checkpointEveryMs;
    if (!checkpointDue && now - this.lastCommitAt < this.options.leaseMs / 3) return;
    void this.commit([], checkpointDue).then((result) => {
      if (result !== true) this.handleFailure([], result.error);
      // Entries queued while the heartbeat or checkpoint was being written go next.
      this.continue();
    });
  }

  private notifyIdle(): void {
    if (this.queue.length > 0 || this.committing) return;
    for (const done of [...this.idle]) done();
  }
}
