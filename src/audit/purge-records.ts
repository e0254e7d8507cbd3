import type { SqlExecutor } from '../store/sql/sql-executor.js';
import type { AuditStore } from './store/audit-store.js';

export interface PurgeOptions {
  /** Entries older than this are removed (up to a checkpoint; see purgeRecords). */
  before: Date;
  /** Forwarders in the config: records they have not delivered yet are kept. */
  forwarders: readonly string[];
  dryRun?: boolean;
}

export interface ChainPurge {
  replica: string;
  /** Entries removed (or that would be, in a dry run). */
  removed: number;
  /** The chain now starts at this checkpoint; null when nothing could be removed. */
  startsAt: number | null;
  /** Why nothing older was removed, when it was not. */
  reason?: string;
}

/**
 * Retention: removes each chain's entries older than the cut-off, but only up to a signed
 * checkpoint, which becomes the chain's new first entry. A checkpoint signs its own position and
 * the hash of the entry before it, so `verify` still proves that what remains is exactly the
 * chain as written, from that checkpoint on. Entries written after the newest checkpoint older
 * than the cut-off are kept until the next purge. Records a configured forwarder has not yet
 * delivered are never removed, so a SIEM that was down loses nothing.
 */
export async function purgeRecords(store: AuditStore, options: PurgeOptions): Promise<ChainPurge[]> {
  const replicas = (await store.executor.query('SELECT DISTINCT replica FROM audit_entries')).map((row) => String(row.replica)).sort();
  const results: ChainPurge[] = [];
  for (const replica of replicas) {
    results.push(await store.transaction((executor) => purgeChain(executor, replica, options)));
  }
  return results;
}

async function purgeChain(executor: SqlExecutor, replica: string, options: PurgeOptions): Promise<ChainPurge> {
  const limit = await findForwardedLimit(executor, replica, options.forwarders);
  const [anchor] = await executor.query(
    `SELECT seq FROM audit_entries WHERE replica = ? AND kind = 'checkpoint' AND time_ms < ? AND seq <= ? ORDER BY seq DESC LIMIT 1`,
    [replica, options.before.getTime(), limit],
  );
  if (anchor === undefined) {
    return {
      replica,
      removed: 0,
      startsAt: null,
      reason:
        limit === Number.MAX_SAFE_INTEGER
          ? 'no signed checkpoint older than the cut-off'
          : 'older records are not yet forwarded, or no checkpoint precedes the cut-off',
    };
  }
  const startsAt = Number(anchor.seq);
  const [count] = await executor.query('SELECT COUNT(*) AS entries FROM audit_entries WHERE replica = ? AND seq < ?', [replica, startsAt]);
  const removed = Number(count?.entries ?? 0);
  if (!options.dryRun && removed > 0) {
    await executor.query('DELETE FROM audit_fingerprints WHERE replica = ? AND seq < ?', [replica, startsAt]);
    await executor.query('DELETE FROM audit_entries WHERE replica = ? AND seq < ?', [replica, startsAt]);
  }
  return { replica, removed, startsAt };
}

/** The highest seq every configured forwarder has delivered up to (+1: the next may be the anchor). */
async function findForwardedLimit(executor: SqlExecutor, replica: string, forwarders: readonly string[]): Promise<number> {
  if (forwarders.length === 0) return Number.MAX_SAFE_INTEGER;
  const rows = await executor.query(
    `SELECT forwarder, seq FROM audit_forward_cursors WHERE replica = ? AND forwarder IN (${forwarders.map(() => '?').join(', ')})`,
    [replica, ...forwarders],
  );
  const cursors = new Map(rows.map((row) => [String(row.forwarder), Number(row.seq)]));
  return Math.min(...forwarders.map((name) => cursors.get(name) ?? 0)) + 1;
}
