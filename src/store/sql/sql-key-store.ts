import { LIMIT_BUDGET_COLUMNS, readKeyRow, writeLimitBudgetValues } from '../row-mapping.js';
import type { KeyListFilter, KeyRecord, KeyStore, KeyUpdate, NewKey } from '../types.js';
import { writeOptionalDate, type SqlExecutor, type SqlValue } from './sql-executor.js';

const INSERT_COLUMNS = ['id', 'hash', 'prefix', 'name', 'user_name', 'team', ...LIMIT_BUDGET_COLUMNS, 'created_at', 'expires_at'];
const INSERT_SQL = `INSERT INTO keys (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')}) RETURNING *`;
const DEFAULT_LIST_LIMIT = 10_000;

/** Keys on any SQL backend; see KeyStore for the contract. */
export function createSqlKeyStore(executor: SqlExecutor): KeyStore {
  async function selectOne(sql: string, values: readonly SqlValue[]): Promise<KeyRecord | null> {
    const [row] = await executor.query(sql, values);
    return row === undefined ? null : readKeyRow(row);
  }

  return {
    async create(key: NewKey): Promise<KeyRecord> {
      const values: SqlValue[] = [
        key.id,
        key.hash,
        key.prefix,
        key.name ?? null,
        key.user,
        key.team ?? null,
        ...writeLimitBudgetValues(key.limits, key.budget),
        executor.writeDate(key.createdAt ?? new Date()),
        writeOptionalDate(executor, key.expiresAt),
      ];
      const [row] = await executor.query(INSERT_SQL, values, 'A key with this id or hash');
      if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
      return readKeyRow(row);
    },

    get: (id) => selectOne('SELECT * FROM keys WHERE id = ?', [id]),

    findByHash: (hash) => selectOne('SELECT * FROM keys WHERE hash = ?', [hash]),

    async list(filter: KeyListFilter = {}): Promise<KeyRecord[]> {
      const conditions: string[] = [];
      const values: SqlValue[] = [];
      if (filter.user !== undefined) {
        conditions.push('user_name = ?');
        values.push(filter.user);
      }
      if (filter.team !== undefined) {
        conditions.push('team = ?');
        values.push(filter.team);
      }
      if (filter.activeOnly === true) {
        conditions.push('revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)');
        values.push(executor.writeDate(filter.now ?? new Date()));
      }
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      values.push(filter.limit ?? DEFAULT_LIST_LIMIT);
      const rows = await executor.query(`SELECT * FROM keys ${where} ORDER BY created_at, id LIMIT ?`, values);
      return rows.map(readKeyRow);
    },

    revoke: (id, at = new Date()) =>
      selectOne('UPDATE keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? RETURNING *', [executor.writeDate(at), id]),

    rotate: (id, replacement, at = new Date()) =>
      selectOne('UPDATE keys SET hash = ?, prefix = ?, rotated_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING *', [
        replacement.hash,
        replacement.prefix,
        executor.writeDate(at),
        id,
      ]),

    async update(id: string, changes: KeyUpdate): Promise<KeyRecord | null> {
      const assignments: string[] = [];
      const values: SqlValue[] = [];
      if (changes.name !== undefined) {
        assignments.push('name = ?');
        values.push(changes.name);
      }
      if (changes.expiresAt !== undefined) {
        assignments.push('expires_at = ?');
        values.push(writeOptionalDate(executor, changes.expiresAt));
      }
      appendLimitBudgetAssignments(changes, assignments, values);
      if (assignments.length === 0) return selectOne('SELECT * FROM keys WHERE id = ?', [id]);
      values.push(id);
      return selectOne(`UPDATE keys SET ${assignments.join(', ')} WHERE id = ? RETURNING *`, values);
    },
  };
}

/** Adds `rpm = ?`… for the limits and budget present in `changes` (shared with teams). */
export function appendLimitBudgetAssignments(
  changes: Pick<KeyUpdate, 'limits' | 'budget'>,
  assignments: string[],
  values: SqlValue[],
): void {
  const written = writeLimitBudgetValues(changes.limits, changes.budget);
  LIMIT_BUDGET_COLUMNS.forEach((column, index) => {
    const isLimit = index < 3;
    if ((isLimit && changes.limits !== undefined) || (!isLimit && changes.budget !== undefined)) {
      assignments.push(`${column} = ?`);
      values.push(written[index] ?? null);
    }
  });
}
