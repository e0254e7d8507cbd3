import { AirlockError } from '../../errors/airlock-error.js';
import { addUsageTotals, createEmptyUsageTotals, readUsageTotals, USAGE_GROUP_COLUMNS } from '../row-mapping.js';
import type { UsageGroup, UsageQuery, UsageRecord, UsageStore, UsageSummary } from '../types.js';
import type { SqlExecutor, SqlValue } from './sql-executor.js';

/** The usage_records columns, in the order of `pushUsageValues`. */
export const USAGE_COLUMNS = [
  'request_id',
  'time',
  'key_id',
  'user_name',
  'team',
  'surface',
  'requested_model',
  'destination',
  'upstream_model',
  'input_tokens',
  'output_tokens',
  'estimated',
  'cost_micro_usd',
  'status',
  'outcome',
];
/** Values per usage row. */
export const USAGE_ROW_WIDTH = USAGE_COLUMNS.length;
const ROW_PLACEHOLDERS = `(${USAGE_COLUMNS.map(() => '?').join(', ')})`;
const CONFLICT_CLAUSE = 'ON CONFLICT (request_id) DO NOTHING';
/** Inserts one row, keeping the first row of a request id (idempotent); no RETURNING, so callers count `changes`. */
export const INSERT_USAGE_ROW_SQL = `INSERT INTO usage_records (${USAGE_COLUMNS.join(', ')}) VALUES ${ROW_PLACEHOLDERS} ${CONFLICT_CLAUSE}`;
const INSERT_SQL = `${INSERT_USAGE_ROW_SQL} RETURNING request_id`;
/** Most rows in one statement: 500 × 15 parameters stays far below SQLite's and PostgreSQL's limits. */
const MAX_ROWS_PER_STATEMENT = 500;
const FULL_INSERT_SQL = buildInsertManySql(MAX_ROWS_PER_STATEMENT);

function buildInsertManySql(count: number): string {
  const rows = Array.from({ length: count }, () => ROW_PLACEHOLDERS).join(', ');
  return `INSERT INTO usage_records (${USAGE_COLUMNS.join(', ')}) VALUES ${rows} ${CONFLICT_CLAUSE} RETURNING request_id`;
}

function assertCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new AirlockError('INVALID_REQUEST', `Usage ${field} must be a non-negative integer.`, { param: field });
  }
}

/**
 * Appends a row's column values (USAGE_ROW_WIDTH of them) to `values`, after checking its counts
 * (INVALID_REQUEST for a negative or fractional one: the whole batch is refused before any write).
 */
export function pushUsageValues(values: SqlValue[], executor: Pick<SqlExecutor, 'writeDate' | 'writeBoolean'>, row: UsageRecord): void {
  assertCount(row.inputTokens, 'inputTokens');
  assertCount(row.outputTokens, 'outputTokens');
  assertCount(row.costMicroUsd, 'costMicroUsd');
  values.push(
    row.requestId,
    executor.writeDate(row.time),
    row.keyId,
    row.user,
    row.team,
    row.surface,
    row.requestedModel,
    row.destination,
    row.upstreamModel,
    row.inputTokens,
    row.outputTokens,
    executor.writeBoolean(row.estimated),
    row.costMicroUsd,
    row.status,
    row.outcome,
  );
}

/** Usage rows on any SQL backend; see UsageStore for the contract. */
export function createSqlUsageStore(executor: SqlExecutor): UsageStore {
  return {
    async record(row: UsageRecord): Promise<boolean> {
      const values: SqlValue[] = [];
      pushUsageValues(values, executor, row);
      const inserted = await executor.query(INSERT_SQL, values, 'The usage row');
      return inserted.length === 1;
    },

    async recordMany(rows: readonly UsageRecord[]): Promise<number> {
      let inserted = 0;
      for (let start = 0; start < rows.length; start += MAX_ROWS_PER_STATEMENT) {
        const end = Math.min(rows.length, start + MAX_ROWS_PER_STATEMENT);
        const values: SqlValue[] = [];
        for (let index = start; index < end; index++) pushUsageValues(values, executor, rows[index] as UsageRecord);
        // A full chunk reuses one statement; only the last, shorter chunk has a text of its own.
        const sql = end - start === MAX_ROWS_PER_STATEMENT ? FULL_INSERT_SQL : buildInsertManySql(end - start);
        inserted += (await executor.query(sql, values, 'The usage row')).length;
      }
      return inserted;
    },

    async summarize(query: UsageQuery): Promise<UsageSummary> {
      const groupExpression = query.by === 'day' ? executor.formatDay('time') : USAGE_GROUP_COLUMNS[query.by];
      if (groupExpression === undefined) throw new AirlockError('INVALID_REQUEST', 'Unknown usage grouping.', { param: 'by' });
      const { where, values } = buildUsageFilter(executor, query);
      const rows = await executor.query(
        `SELECT ${groupExpression} AS group_key, COUNT(*) AS requests, SUM(input_tokens) AS input_tokens, ` +
          `SUM(output_tokens) AS output_tokens, SUM(cost_micro_usd) AS cost_micro_usd, ` +
          `SUM(CASE WHEN estimated THEN 1 ELSE 0 END) AS estimated_requests ` +
          `FROM usage_records ${where} GROUP BY ${groupExpression}`,
        values,
      );
      const groups: UsageGroup[] = rows.map((row) => ({
        key: row.group_key === null || row.group_key === undefined ? null : String(row.group_key),
        ...readUsageTotals(row),
      }));
      groups.sort(compareGroups);
      const total = createEmptyUsageTotals();
      for (const group of groups) addUsageTotals(total, group);
      return { groups, total };
    },
  };
}

function buildUsageFilter(executor: SqlExecutor, query: UsageQuery): { where: string; values: SqlValue[] } {
  const conditions: string[] = [];
  const values: SqlValue[] = [];
  const add = (condition: string, value: SqlValue): void => {
    conditions.push(condition);
    values.push(value);
  };
  if (query.since !== undefined) add('time >= ?', executor.writeDate(query.since));
  if (query.until !== undefined) add('time < ?', executor.writeDate(query.until));
  if (query.team !== undefined) add('team = ?', query.team);
  if (query.user !== undefined) add('user_name = ?', query.user);
  if (query.keyId !== undefined) add('key_id = ?', query.keyId);
  return { where: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, values };
}

/** Largest cost first; then by key, nulls last, so output is stable on both backends. */
function compareGroups(left: UsageGroup, right: UsageGroup): number {
  if (left.costMicroUsd !== right.costMicroUsd) return right.costMicroUsd - left.costMicroUsd;
  if (left.key === right.key) return 0;
  if (left.key === null) return 1;
  if (right.key === null) return -1;
  return left.key < right.key ? -1 : 1;
}
