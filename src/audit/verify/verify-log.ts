import type { KeyObject } from 'node:crypto';
import type { SqlExecutor } from '../../store/sql/sql-executor.js';
import { readEntryRow, type FindingSummary, type StoredEntry } from '../audit-entry.js';
import { createEntrySource } from './entry-source.js';
import { verifyChain, type ChainProblem, type ChainResult } from './verify-chain.js';

export interface VerifyReport {
  intact: boolean;
  chains: ChainResult[];
  /** The first problem of each broken chain, then index problems. */
  problems: ChainProblem[];
  /** Ids of the keys checkpoints were checked against. */
  trustedKeys: string[];
}

/**
 * Verifies every chain in the log (every replica that ever wrote, whether or not it still
 * holds a lease) and the fingerprint index that `lookup` relies on: hiding a leak from lookup by
 * editing the index is tampering too.
 */
export async function verifyLog(executor: SqlExecutor, trustedKeys: ReadonlyMap<string, KeyObject>): Promise<VerifyReport> {
  const rows = await executor.query('SELECT replica FROM audit_chains UNION SELECT DISTINCT replica FROM audit_entries');
  const replicas = [...new Set(rows.map((row) => String(row.replica)))].sort();
  const chains: ChainResult[] = [];
  const problems: ChainProblem[] = [];
  for (const replica of replicas) {
    const result = await verifyChain(replica, createEntrySource(executor, replica), trustedKeys);
    chains.push(result);
    if (result.problem) problems.push(result.problem);
    const indexProblem = await checkFingerprintIndex(executor, replica);
    if (indexProblem) problems.push(indexProblem);
  }
  return { intact: problems.length === 0, chains, problems, trustedKeys: [...trustedKeys.keys()] };
}

const PAGE = 2_000;

/** Every fingerprint of every entry's findings is indexed, and nothing else is. */
export async function checkFingerprintIndex(executor: SqlExecutor, replica: string): Promise<ChainProblem | undefined> {
  let afterSeq = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = await executor.query('SELECT * FROM audit_entries WHERE replica = ? AND seq > ? ORDER BY seq LIMIT ?', [
      replica,
      afterSeq,
      PAGE,
    ]);
    const entries = rows.map(readEntryRow);
    const last = entries[entries.length - 1];
    const upTo = last && rows.length === PAGE ? last.seq : Number.MAX_SAFE_INTEGER;
    const indexRows = await executor.query('SELECT fingerprint, seq FROM audit_fingerprints WHERE replica = ? AND seq > ? AND seq <= ?', [
      replica,
      afterSeq,
      upTo,
    ]);
    const indexed = new Map<number, Set<string>>();
    for (const row of indexRows) {
      const seq = Number(row.seq);
      indexed.set(seq, (indexed.get(seq) ?? new Set()).add(String(row.fingerprint)));
    }
    for (const entry of entries) {
      const problem = compareIndex(replica, entry, indexed.get(entry.seq) ?? new Set());
      if (problem) return problem;
      indexed.delete(entry.seq);
    }
    const [stray] = indexed.keys();
    if (stray !== undefined) {
      return {
        kind: 'index',
        replica,
        seq: stray,
        requestId: null,
        message: `The fingerprint index lists seq ${stray}, which has no such entry: the index was edited.`,
      };
    }
    if (!last || rows.length < PAGE) return undefined;
    afterSeq = last.seq;
  }
}

function compareIndex(replica: string, entry: StoredEntry, indexed: ReadonlySet<string>): ChainProblem | undefined {
  const expected = new Set<string>();
  if (entry.findings !== null) {
    try {
      for (const finding of JSON.parse(entry.findings) as FindingSummary[])
        for (const fingerprint of finding.fingerprints) expected.add(fingerprint);
    } catch {
      // An unreadable findings column fails the chain check already (its hash no longer matches).
    }
  }
  const same = expected.size === indexed.size && [...expected].every((fingerprint) => indexed.has(fingerprint));
  if (same) return undefined;
  return {
    kind: 'index',
    replica,
    seq: entry.seq,
    requestId: entry.request_id,
    message: `The fingerprint index for seq ${entry.seq} (request ${entry.request_id ?? '?'}) does not match its findings: the index was edited, so lookups could miss it.`,
  };
}
