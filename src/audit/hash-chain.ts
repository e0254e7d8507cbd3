import { createHash } from 'node:crypto';
import { ENTRY_COLUMN_NAMES, type EntryFields } from './audit-entry.js';

/**
 * The chain format. Each entry's hash is SHA-256 over the previous entry's hash and a canonical
 * serialisation of its fields: a JSON array of the values in ENTRY_COLUMNS order, so the
 * encoding is unambiguous and identical on every backend and in every language.
 */
export const CHAIN_FORMAT = 'airlock-audit-v1';

/** The `prev_hash` of a chain's first entry: bound to the replica, so chains cannot be swapped. */
export function computeGenesisHash(replica: string): string {
  return createHash('sha256').update(`${CHAIN_FORMAT}\ngenesis\n${replica}`).digest('hex');
}

export function serializeEntryFields(fields: EntryFields): string {
  return JSON.stringify(ENTRY_COLUMN_NAMES.map((name) => fields[name]));
}

export function computeEntryHash(prevHash: string, fields: EntryFields): string {
  return createHash('sha256').update(`${prevHash}\n`).update(serializeEntryFields(fields)).digest('hex');
}

/**
 * What a checkpoint's signature covers: the replica, the checkpoint's position and time, and the
 * hash of the entry before it, which commits to the whole chain up to there. `seq` is signed
 * here (unlike in entry hashes) so a checkpoint also proves how many entries preceded it: after
 * a retention purge the chain starts at a checkpoint, and its signature anchors that start.
 */
export function createCheckpointPayload(replica: string, seq: number, timeMs: number, prevHash: string): Buffer {
  return Buffer.from(`${CHAIN_FORMAT}\ncheckpoint\n${replica}\n${seq}\n${timeMs}\n${prevHash}`, 'utf8');
}
