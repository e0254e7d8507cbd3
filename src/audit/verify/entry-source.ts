import type { SqlExecutor } from '../../store/sql/sql-executor.js';
import { readEntryRow, type StoredEntry } from '../audit-entry.js';

/** A chain's entries in seq order, read a page at a time, with look-ahead for diagnosing a break. */
export interface EntrySource {
  next(): Promise<StoredEntry | undefined>;
  /** Up to `count` upcoming entries without consuming them. */
  peek(count: number): Promise<StoredEntry[]>;
}

export function createEntrySource(executor: SqlExecutor, replica: string, pageSize = 2_000): EntrySource {
  const buffer: StoredEntry[] = [];
  let afterSeq = Number.MIN_SAFE_INTEGER;
  let exhausted = false;
  const fill = async (count: number): Promise<void> => {
    while (buffer.length < count && !exhausted) {
      const rows = await executor.query('SELECT * FROM audit_entries WHERE replica = ? AND seq > ? ORDER BY seq LIMIT ?', [
        replica,
        afterSeq,
        pageSize,
      ]);
      for (const row of rows) buffer.push(readEntryRow(row));
      const last = buffer[buffer.length - 1];
      if (last) afterSeq = last.seq;
      if (rows.length < pageSize) exhausted = true;
    }
  };
  return {
    async next() {
      await fill(1);
      return buffer.shift();
    },
    async peek(count) {
      await fill(count);
      return buffer.slice(0, count);
    },
  };
}

/** An in-memory source (tests of the checker, and verifying an export). */
export function createArraySource(entries: readonly StoredEntry[]): EntrySource {
  let index = 0;
  return {
    next: async () => entries[index++],
    peek: async (count) => entries.slice(index, index + count),
  };
}
