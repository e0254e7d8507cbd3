import type { SqlExecutor, SqlValue } from '../store/sql/sql-executor.js';
import { readRecordRow, readSealedContent, type AuditRecord, type SealedContent } from './audit-record.js';

/** Filters of `airlock audit query` and GET /admin/audit/records; all optional, combined with AND. */
export interface RecordFilter {
  /** Inclusive. */
  since?: Date;
  /** Exclusive. */
  until?: Date;
  user?: string;
  team?: string;
  destination?: string;
  /** The classification of the request as received. */
  classification?: string;
  action?: string;
  outcome?: string;
  requestId?: string;
  replica?: string;
  /** Default 1,000; at most 100,000. */
  limit?: number;
  /** Keyset pagination: records strictly after this one (time, replica, seq). */
  after?: { timeMs: number; replica: string; seq: number };
}

export interface FoundRecord {
  record: AuditRecord;
  sealed: SealedContent;
}

const DEFAULT_LIMIT = 1_000;
const MAX_LIMIT = 100_000;

const EQUALITY_FILTERS = [
  ['user', 'user_name'],
  ['team', 'team'],
  ['destination', 'destination'],
  ['classification', 'classification'],
  ['action', 'action'],
  ['outcome', 'outcome'],
  ['requestId', 'request_id'],
  ['replica', 'replica'],
] as const;

export function buildRecordWhere(filter: RecordFilter): { where: string; values: SqlValue[] } {
  const conditions: string[] = [];
  const values: SqlValue[] = [];
  if (filter.since) {
    conditions.push('time_ms >= ?');
    values.push(filter.since.getTime());
  }
  if (filter.until) {
    conditions.push('time_ms < ?');
    values.push(filter.until.getTime());
  }
  for (const [field, column] of EQUALITY_FILTERS) {
    const value = filter[field];
    if (value !== undefined) {
      conditions.push(`${column} = ?`);
      values.push(value);
    }
  }
  if (filter.after) {
    conditions.push('(time_ms > ? OR (time_ms = ? AND (replica > ? OR (replica = ? AND seq > ?))))');
    const { timeMs, replica, seq } = filter.after;
    values.push(timeMs, timeMs, replica, replica, seq);
  }
  return { where: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, values };
}

/** Records matching the filter, oldest first. */
export async function queryRecords(executor: SqlExecutor, filter: RecordFilter = {}): Promise<FoundRecord[]> {
  const { where, values } = buildRecordWhere(filter);
  const limit = Math.min(Math.max(1, Math.trunc(filter.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const rows = await executor.query(`SELECT * FROM audit_records ${where} ORDER BY time_ms, replica, seq LIMIT ?`, [...values, limit]);
  return rows.map((row) => ({ record: readRecordRow(row), sealed: readSealedContent(row) }));
}

/** Every record matching the filter, in pages (export, report over long periods). */
export async function* iterateRecords(executor: SqlExecutor, filter: RecordFilter = {}, pageSize = 5_000): AsyncGenerator<FoundRecord> {
  let after = filter.after;
  for (;;) {
    const page = await queryRecords(executor, { ...filter, limit: pageSize, ...(after ? { after } : {}) });
    yield* page;
    const last = page[page.length - 1];
    if (page.length < pageSize || !last) return;
    after = { timeMs: Date.parse(last.record.time), replica: last.record.replica, seq: last.record.chain.seq };
  }
}

/** Every request whose findings carried one of these fingerprints, oldest first. */
export async function lookupFingerprints(executor: SqlExecutor, fingerprints: readonly string[]): Promise<FoundRecord[]> {
  if (fingerprints.length === 0) return [];
  const rows = await executor.query(
    `SELECT r.* FROM audit_records r WHERE EXISTS (SELECT 1 FROM audit_fingerprints f WHERE f.replica = r.replica AND f.seq = r.seq ` +
      `AND f.fingerprint IN (${fingerprints.map(() => '?').join(', ')})) ORDER BY r.time_ms, r.replica, r.seq`,
    [...fingerprints],
  );
  return rows.map((row) => ({ record: readRecordRow(row), sealed: readSealedContent(row) }));
}

/**
 * Finished records of one chain after a position, in chain order, for forwarders: a record is
 * finished at its outcome (or complete) entry, and `finalSeq` is that entry's seq.
 */
export async function readFinishedRecords(
  executor: SqlExecutor,
  replica: string,
  afterSeq: number,
  limit: number,
): Promise<{ finalSeq: number; record: AuditRecord | undefined }[]> {
  const finals = await executor.query(
    `SELECT seq, request_id FROM audit_entries WHERE replica = ? AND seq > ? AND kind IN ('outcome', 'complete') ORDER BY seq LIMIT ?`,
    [replica, afterSeq, limit],
  );
  if (finals.length === 0) return [];
  const requestIds = [...new Set(finals.map((row) => String(row.request_id)))];
  const rows = await executor.query(
    `SELECT * FROM audit_records WHERE request_id IN (${requestIds.map(() => '?').join(', ')})`,
    requestIds,
  );
  const records = new Map(rows.map((row) => [String(row.request_id), readRecordRow(row)]));
  // A record whose decision was purged has nothing left to forward; its position still advances.
  return finals.map((row) => ({ finalSeq: Number(row.seq), record: records.get(String(row.request_id)) }));
}
