import pg from 'pg';
import { AirlockError } from '../../errors/airlock-error.js';
import { PostgresExecutor } from '../../store/postgres/postgres-executor.js';
import { convertPostgresError } from '../../store/store-errors.js';
import type { Logger } from '../../telemetry/logger.js';
import { ENTRY_COLUMNS } from '../audit-entry.js';
import { ChainLeaseLostError, INSERT_COLUMNS, writeEntryValues, type AuditStore } from './audit-store.js';

export interface PostgresAuditStoreOptions {
  connectionString: string;
  schema: string;
  poolSize: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  logger?: Logger;
}

const CLIENT_TIMEOUT_MARGIN_MS = 2_000;
const ARRAY_TYPES: Record<string, string> = { text: 'text[]', int: 'bigint[]', bool: 'boolean[]' };
const COLUMN_ARRAY_TYPES = new Map<string, string>([
  ['seq', 'bigint[]'],
  ['prev_hash', 'text[]'],
  ['hash', 'text[]'],
  ...ENTRY_COLUMNS.map(([name, type]): [string, string] => [name, ARRAY_TYPES[type] ?? 'text[]']),
]);

/**
 * One statement per batch, so one round trip and one implicit transaction: renew the lease, and
 * only if it is still ours insert every entry and fingerprint (one array parameter per column,
 * unnested server side, whatever the batch size). Data-modifying CTEs always run to completion,
 * and the inserts read the lease CTE's output, so a lost lease inserts nothing.
 */
const FIRST_ENTRY_PARAMETER = 4;
const APPEND_SQL = (() => {
  const entryArrays = INSERT_COLUMNS.map(
    (column, index) => `$${FIRST_ENTRY_PARAMETER + index}::${COLUMN_ARRAY_TYPES.get(column) ?? 'text[]'}`,
  );
  const fingerprintStart = FIRST_ENTRY_PARAMETER + INSERT_COLUMNS.length;
  return `
    WITH lease AS (
      UPDATE audit_chains SET heartbeat_ms = $1 WHERE replica = $2 AND holder = $3 RETURNING replica
    ), entries AS (
      INSERT INTO audit_entries (${INSERT_COLUMNS.join(', ')})
      SELECT * FROM unnest(${entryArrays.join(', ')}) WHERE EXISTS (SELECT 1 FROM lease)
      RETURNING 1
    ), fingerprints AS (
      INSERT INTO audit_fingerprints (fingerprint, replica, seq)
      SELECT * FROM unnest($${fingerprintStart}::text[], $${fingerprintStart + 1}::text[], $${fingerprintStart + 2}::bigint[])
      WHERE EXISTS (SELECT 1 FROM lease)
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM lease) AS leased`;
})();

/** The audit log in PostgreSQL, on a pool of its own so audit writes never queue behind other queries. */
export function createPostgresAuditStore(options: PostgresAuditStoreOptions): AuditStore {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs,
    // The server gives up first (statement_timeout rolls the statement back, a definite failure);
    // the client's own timeout, later, only fires when the server cannot answer at all, and the
    // writer then reads the chain head back to learn whether its batch was committed.
    statement_timeout: options.queryTimeoutMs,
    query_timeout: options.queryTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
    options: `-c search_path=${options.schema}`,
    application_name: 'airlock-audit',
    max: options.poolSize,
  });
  pool.on('error', (error) => options.logger?.warn({ err: error }, 'PostgreSQL connection lost (audit)'));
  const executor = new PostgresExecutor(pool);

  return {
    kind: 'postgres',
    executor,
    async append(batch) {
      const columns = INSERT_COLUMNS.map(() => [] as unknown[]);
      for (const entry of batch.entries) {
        writeEntryValues(entry, (value) => value).forEach((value, index) => columns[index]?.push(value));
      }
      const values = [
        batch.nowMs,
        batch.replica,
        batch.holder,
        ...columns,
        batch.fingerprints.map((row) => row.fingerprint),
        batch.fingerprints.map(() => batch.replica),
        batch.fingerprints.map((row) => row.seq),
      ];
      let leased: number;
      try {
        // Named: each connection parses and plans the statement once, not on every batch.
        const result = await pool.query<{ leased: string }>({ name: 'airlock-audit-append', text: APPEND_SQL, values });
        leased = Number(result.rows[0]?.leased ?? 0);
      } catch (error) {
        throw convertPostgresError(error);
      }
      if (leased !== 1) throw new ChainLeaseLostError(batch.replica);
    },
    async transaction(work) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw convertPostgresError(error);
      }
      try {
        await client.query('BEGIN');
        // PostgresExecutor only calls `query(text, values)`, which a checked-out client has too:
        // every statement of `work` then runs inside this transaction.
        const result = await work(new PostgresExecutor(client as unknown as pg.Pool));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error instanceof AirlockError ? error : convertPostgresError(error);
      } finally {
        client.release();
      }
    },
    async close() {
      if (!pool.ended) await pool.end();
    },
  };
}
