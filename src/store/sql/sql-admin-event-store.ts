import { readAdminEventRow } from '../row-mapping.js';
import type { AdminEvent, AdminEventQuery, AdminEventStore, NewAdminEvent } from '../types.js';
import type { SqlExecutor, SqlValue } from './sql-executor.js';

const INSERT_SQL = 'INSERT INTO admin_events (time, actor, action, target, detail) VALUES (?, ?, ?, ?, ?) RETURNING *';
const DEFAULT_LIMIT = 100;

/** Admin events on any SQL backend; see AdminEventStore for the contract. */
export function createSqlAdminEventStore(executor: SqlExecutor): AdminEventStore {
  return {
    async record(event: NewAdminEvent): Promise<AdminEvent> {
      const values: SqlValue[] = [
        executor.writeDate(event.time ?? new Date()),
        event.actor,
        event.action,
        event.target ?? null,
        JSON.stringify(event.detail ?? {}),
      ];
      const [row] = await executor.query(INSERT_SQL, values, 'The admin event');
      if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
      return readAdminEventRow(row);
    },

    async list(query: AdminEventQuery = {}): Promise<AdminEvent[]> {
      const conditions: string[] = [];
      const values: SqlValue[] = [];
      if (query.since !== undefined) {
        conditions.push('time >= ?');
        values.push(executor.writeDate(query.since));
      }
      for (const [column, value] of [
        ['actor', query.actor],
        ['action', query.action],
        ['target', query.target],
      ] as const) {
        if (value !== undefined) {
          conditions.push(`${column} = ?`);
          values.push(value);
        }
      }
      const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
      values.push(query.limit ?? DEFAULT_LIMIT);
      const rows = await executor.query(`SELECT * FROM admin_events ${where} ORDER BY id DESC LIMIT ?`, values);
      return rows.map(readAdminEventRow);
    },
  };
}
