import type { SqlExecutor } from '../../store/sql/sql-executor.js';
import { ENTRY_COLUMN_NAMES, ENTRY_COLUMNS, type StoredEntry } from '../audit-entry.js';

/** One group commit: entries appended to a chain, with their fingerprint index rows. */
export interface AppendBatch {
  replica: string;
  /** The lease holder; the batch is refused unless it still holds the chain. */
  holder: string;
  /** Renewed lease time. */
  nowMs: number;
  entries: StoredEntry[];
  fingerprints: { fingerprint: string; seq: number }[];
}

/**
 * The audit log's storage. Reads and small writes go through `executor`, in the SQL both
 * backends share (like the other sub-stores); the hot write path, `append`, is backend-specific
 * because it is where the time goes: SQLite commits on a worker thread (an fsync never blocks
 * the event loop), PostgreSQL in a single statement (one round trip per batch).
 */
export interface AuditStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly executor: SqlExecutor;
  /**
   * Appends the batch and renews the lease in one transaction. Throws `ChainLeaseLostError` when
   * the holder no longer holds the chain (nothing is written), AirlockError STORE_UNAVAILABLE or
   * INTERNAL otherwise.
   */
  append(batch: AppendBatch): Promise<void>;
  /** Runs `work` in one transaction (serialised with other transactions of this store). */
  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Another process took this chain over (our lease had expired): this process must stop writing it. */
export class ChainLeaseLostError extends Error {
  constructor(replica: string) {
    super(`The audit chain "${replica}" is now held by another process.`);
    this.name = 'ChainLeaseLostError';
  }
}

/** Columns of an INSERT into audit_entries, in the order `writeEntryValues` produces. */
export const INSERT_COLUMNS = ['seq', ...ENTRY_COLUMN_NAMES, 'prev_hash', 'hash'] as const;

const BOOLEAN_COLUMNS = new Set<string>(ENTRY_COLUMNS.filter(([, type]) => type === 'bool').map(([name]) => name));

/** An entry's values in INSERT_COLUMNS order; booleans as the backend stores them. */
export function writeEntryValues(
  entry: StoredEntry,
  writeBoolean: (value: boolean) => string | number | boolean,
): (string | number | boolean | null)[] {
  return INSERT_COLUMNS.map((column) => {
    const value = entry[column as keyof StoredEntry] as string | number | boolean | null;
    return BOOLEAN_COLUMNS.has(column) && typeof value === 'boolean' ? writeBoolean(value) : value;
  });
}

export function isBooleanColumn(column: string): boolean {
  return BOOLEAN_COLUMNS.has(column);
}
