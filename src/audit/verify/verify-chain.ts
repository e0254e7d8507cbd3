import type { KeyObject } from 'node:crypto';
import type { StoredEntry } from '../audit-entry.js';
import { computeEntryHash, computeGenesisHash, createCheckpointPayload } from '../hash-chain.js';
import { verifyPayload } from '../signing-key.js';
import type { EntrySource } from './entry-source.js';

export type ProblemKind = 'changed' | 'deleted' | 'inserted' | 'reordered' | 'broken' | 'rewritten' | 'untrusted-checkpoint' | 'index';

/** The first thing wrong with a chain, naming the record. */
export interface ChainProblem {
  kind: ProblemKind;
  replica: string;
  seq: number;
  requestId: string | null;
  message: string;
}

export interface ChainResult {
  replica: string;
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** genesis: complete from its first entry; checkpoint: starts at a signed checkpoint (older entries purged). */
  anchor: 'genesis' | 'checkpoint' | null;
  checkpoints: number;
  lastCheckpointSeq: number | null;
  /** Entries after the last checkpoint: protected by the chain only, not yet by a signature. */
  unsealed: number;
  /** Decisions with no outcome in this chain (in flight, or cut off with a replica that never restarted). */
  openDecisions: number;
  problem?: ChainProblem;
}

const LOOK_AHEAD = 64;
const RECENT = 4_096;

function describe(entry: StoredEntry): string {
  return `seq ${entry.seq} (${entry.kind}${entry.request_id ? ` of request ${entry.request_id}` : ''})`;
}

/**
 * Walks one chain and reports its first problem. Every entry must hash to its stored hash (else
 * it was changed), link to the entry before it (else something was deleted, inserted or moved:
 * the neighbours tell which) and every checkpoint must carry a valid signature by a trusted key
 * over the chain up to it (else the chain before it was rewritten and rehashed).
 */
export async function verifyChain(replica: string, source: EntrySource, trustedKeys: ReadonlyMap<string, KeyObject>): Promise<ChainResult> {
  const result: ChainResult = {
    replica,
    entries: 0,
    firstSeq: null,
    lastSeq: null,
    anchor: null,
    checkpoints: 0,
    lastCheckpointSeq: null,
    unsealed: 0,
    openDecisions: 0,
  };
  const open = new Set<string>();
  const recent = new Map<string, StoredEntry>();
  let previous: StoredEntry | undefined;
  let beforePrevious: StoredEntry | undefined;
  for (let entry = await source.next(); entry; entry = await source.next()) {
    result.entries += 1;
    result.firstSeq ??= entry.seq;
    result.lastSeq = entry.seq;
    const problem = previous
      ? await checkLink(entry, previous, beforePrevious, source, recent, result.lastCheckpointSeq)
      : checkAnchor(entry, replica, trustedKeys, result);
    const found = problem ?? (entry.kind === 'checkpoint' ? checkCheckpoint(entry, trustedKeys, result) : undefined);
    if (found) {
      await countRest(source, result);
      return finish(result, open, { ...found, replica });
    }
    trackRequests(entry, open);
    result.unsealed = entry.kind === 'checkpoint' ? 0 : result.unsealed + 1;
    recent.set(entry.hash, entry);
    if (recent.size > RECENT) recent.delete(recent.keys().next().value as string);
    beforePrevious = previous;
    previous = entry;
  }
  return finish(result, open);
}

/** After the first problem nothing else is checked, but the chain's size is still reported. */
async function countRest(source: EntrySource, result: ChainResult): Promise<void> {
  for (let entry = await source.next(); entry; entry = await source.next()) {
    result.entries += 1;
    result.lastSeq = entry.seq;
  }
}

function finish(result: ChainResult, open: Set<string>, problem?: ChainProblem): ChainResult {
  result.openDecisions = open.size;
  if (problem) result.problem = problem;
  return result;
}

function trackRequests(entry: StoredEntry, open: Set<string>): void {
  if (entry.request_id === null) return;
  if (entry.kind === 'decision') open.add(entry.request_id);
  else if (entry.kind === 'outcome') open.delete(entry.request_id);
}

type Found = Omit<ChainProblem, 'replica'>;

/** The first entry: either the chain's genesis, or a signed checkpoint left by a retention purge. */
function checkAnchor(entry: StoredEntry, replica: string, keys: ReadonlyMap<string, KeyObject>, result: ChainResult): Found | undefined {
  if (computeEntryHash(entry.prev_hash, entry) !== entry.hash) {
    return {
      kind: 'changed',
      seq: entry.seq,
      requestId: entry.request_id,
      message: `${describe(entry)} was changed: its content does not match its hash.`,
    };
  }
  if (entry.seq === 1 && entry.prev_hash === computeGenesisHash(replica)) {
    result.anchor = 'genesis';
    return undefined;
  }
  if (entry.kind === 'checkpoint') {
    // Checked again (and counted) by the main loop; here it decides whether the start is anchored.
    const problem = checkCheckpoint(entry, keys, { ...result });
    if (problem) return problem;
    result.anchor = 'checkpoint';
    return undefined;
  }
  return {
    kind: 'deleted',
    seq: entry.seq,
    requestId: entry.request_id,
    message: `The chain starts at ${describe(entry)}, which is neither its first entry nor a signed checkpoint: the records before it were deleted.`,
  };
}

function checkCheckpoint(entry: StoredEntry, keys: ReadonlyMap<string, KeyObject>, result: ChainResult): Found | undefined {
  const key = entry.signer === null ? undefined : keys.get(entry.signer);
  if (!key || entry.signature === null) {
    return {
      kind: 'untrusted-checkpoint',
      seq: entry.seq,
      requestId: null,
      message: `Checkpoint seq ${entry.seq} is signed by key ${entry.signer ?? '(none)'}, which is not a trusted key (audit.verifyKeys, --public-key).`,
    };
  }
  if (!verifyPayload(key, createCheckpointPayload(entry.replica, entry.seq, entry.time_ms, entry.prev_hash), entry.signature)) {
    const from = result.lastCheckpointSeq === null ? (result.firstSeq ?? entry.seq) : result.lastCheckpointSeq + 1;
    return {
      kind: 'rewritten',
      seq: from,
      requestId: null,
      message: `Checkpoint seq ${entry.seq} does not sign the chain before it: a record between seq ${from} and seq ${entry.seq - 1} was changed, inserted or deleted and the chain rehashed to hide it (or the checkpoint was forged).`,
    };
  }
  result.checkpoints += 1;
  result.lastCheckpointSeq = entry.seq;
  return undefined;
}

/** Content and link of an entry after the first; on a broken link, the neighbours say what happened. */
async function checkLink(
  entry: StoredEntry,
  previous: StoredEntry,
  beforePrevious: StoredEntry | undefined,
  source: EntrySource,
  recent: ReadonlyMap<string, StoredEntry>,
  lastCheckpointSeq: number | null,
): Promise<Found | undefined> {
  const [next] = await source.peek(1);
  const at = (kind: ProblemKind, target: StoredEntry, message: string): Found => ({
    kind,
    seq: target.seq,
    requestId: target.request_id,
    message,
  });
  if (computeEntryHash(entry.prev_hash, entry) !== entry.hash) {
    if (next && next.prev_hash === previous.hash)
      return at('inserted', entry, `${describe(entry)} was inserted: the record after it is chained to seq ${previous.seq}.`);
    return at('changed', entry, `${describe(entry)} was changed: its content does not match its hash.`);
  }
  if (entry.prev_hash === previous.hash) {
    if (entry.seq === previous.seq + 1) return undefined;
    return at('changed', entry, `${describe(entry)} had its position changed: it follows seq ${previous.seq} in the chain.`);
  }
  const ahead = await source.peek(LOOK_AHEAD);
  const follows = ahead.find((candidate) => candidate.hash === entry.prev_hash);
  if (follows)
    return at('reordered', entry, `${describe(entry)} is out of order: it was written after seq ${follows.seq}, which now comes after it.`);
  if (beforePrevious && entry.prev_hash === beforePrevious.hash)
    return at('inserted', previous, `${describe(previous)} was inserted: seq ${entry.seq} is chained to seq ${beforePrevious.seq}.`);
  if (next && next.prev_hash === previous.hash)
    return at('inserted', entry, `${describe(entry)} was inserted: the record after it is chained to seq ${previous.seq}.`);
  const earlier = recent.get(entry.prev_hash);
  if (earlier) return at('reordered', entry, `${describe(entry)} is out of order: it was written right after seq ${earlier.seq}.`);
  if (entry.seq > previous.seq + 1) {
    const missing =
      previous.seq + 1 === entry.seq - 1 ? `Record seq ${previous.seq + 1} was` : `Records seq ${previous.seq + 1}–${entry.seq - 1} were`;
    return {
      kind: 'deleted',
      seq: previous.seq + 1,
      requestId: null,
      message: `${missing} deleted (between ${describe(previous)} and ${describe(entry)}).`,
    };
  }
  const sealed = lastCheckpointSeq === null ? '' : ` (after the checkpoint at seq ${lastCheckpointSeq})`;
  return at(
    'broken',
    entry,
    `The chain breaks before ${describe(entry)}: a record between seq ${previous.seq} and seq ${entry.seq} was deleted and the rest renumbered, or ${describe(previous)} was changed and its hash recomputed${sealed}.`,
  );
}
