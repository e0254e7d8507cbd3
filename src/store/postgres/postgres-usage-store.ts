import { createSqlUsageStore, pushUsageValues, USAGE_COLUMNS } from '../sql/sql-usage-store.js';
import type { SqlValue } from '../sql/sql-executor.js';
import type { UsageRecord, UsageStore } from '../types.js';
import type { PostgresExecutor } from './postgres-executor.js';

/** Casts of the usage columns, in USAGE_COLUMNS order, from the text of a JSON array element. */
const COLUMN_CASTS: readonly string[] = [
  'v->>0',
  "timestamptz 'epoch' + (v->>1)::bigint * interval '1 millisecond'",
  'v->>2',
  'v->>3',
  'v->>4',
  'v->>5',
  'v->>6',
  'v->>7',
  'v->>8',
  '(v->>9)::bigint',
  '(v->>10)::bigint',
  '(v->>11)::boolean',
  '(v->>12)::bigint',
  '(v->>13)::integer',
  'v->>14',
];

/**
 * One statement for a batch of any size: the rows travel as one JSON parameter (an array of
 * value arrays), expanded by the server. Building and sending thousands of numbered parameters
 * and a statement text per batch size cost the main thread about 6 µs per row; one JSON string
 * costs a fraction of that, and the short text is the same for every batch.
 */
const INSERT_BATCH_SQL =
  `INSERT INTO usage_records (${USAGE_COLUMNS.join(', ')}) ` +
  `SELECT ${COLUMN_CASTS.join(', ')} FROM jsonb_array_elements(?::jsonb) AS v ` +
  'ON CONFLICT (request_id) DO NOTHING';

/** Epoch milliseconds (exact, and cheaper to encode than an ISO string) and JSON booleans. */
const JSON_VALUES = {
  writeDate: (date: Date): SqlValue => date.getTime(),
  writeBoolean: (value: boolean): SqlValue => value,
};

/** Usage rows in PostgreSQL: the shared SQL for summaries, a JSON batch insert for writes. */
export function createPostgresUsageStore(executor: PostgresExecutor): UsageStore {
  const shared = createSqlUsageStore(executor);

  async function insert(rows: readonly UsageRecord[]): Promise<number> {
    const batch: SqlValue[][] = [];
    for (const row of rows) {
      const values: SqlValue[] = [];
      pushUsageValues(values, JSON_VALUES, row);
      batch.push(values);
    }
    if (batch.length === 0) return 0;
    return executor.execute(INSERT_BATCH_SQL, [JSON.stringify(batch)], 'The usage row');
  }

  return {
    record: async (row) => (await insert([row])) === 1,
    recordMany: insert,
    summarize: (query) => shared.summarize(query),
  };
}
