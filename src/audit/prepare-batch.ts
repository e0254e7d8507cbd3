import { createEntryFields, type EntryFields, type StoredEntry } from './audit-entry.js';
import type { ChainHead } from './chain-lease.js';
import { computeEntryHash, createCheckpointPayload } from './hash-chain.js';
import { signPayload, type SigningKey } from './signing-key.js';

export interface PreparedBatch {
  entries: StoredEntry[];
  fingerprints: { fingerprint: string; seq: number }[];
  /** The chain head once this batch is committed. */
  head: ChainHead;
}

/**
 * Chains a batch onto a head: numbers the entries, links each to the one before and hashes it,
 * and, when asked, appends a checkpoint signing the chain up to its last entry. Pure apart from
 * the signature, so a failed commit simply leaves the head where it was.
 */
export function prepareBatch(
  replica: string,
  head: ChainHead,
  items: readonly { fields: EntryFields; fingerprints: readonly string[] }[],
  checkpoint: { key: SigningKey; timeMs: number } | undefined,
): PreparedBatch {
  let { seq, hash } = head;
  const entries: StoredEntry[] = [];
  const fingerprints: { fingerprint: string; seq: number }[] = [];
  // One copy per entry (the fields with this chain's replica and its place in the chain), with
  // Object.assign: object spread of these forty-field objects measured ten times slower in V8
  // (6 µs an entry), and a batch is prepared on every request's path.
  const add = (fields: EntryFields): void => {
    seq += 1;
    const entry: StoredEntry = Object.assign({}, fields, { replica, seq, prev_hash: hash, hash: '' });
    entry.hash = computeEntryHash(hash, entry);
    entries.push(entry);
    hash = entry.hash;
  };
  for (const item of items) {
    add(item.fields);
    for (const fingerprint of item.fingerprints) fingerprints.push({ fingerprint, seq });
  }
  if (checkpoint) {
    const signature = signPayload(checkpoint.key, createCheckpointPayload(replica, seq + 1, checkpoint.timeMs, hash));
    add(createEntryFields(replica, 'checkpoint', checkpoint.timeMs, { signer: checkpoint.key.id, signature }));
  }
  return { entries, fingerprints, head: { seq, hash } };
}
