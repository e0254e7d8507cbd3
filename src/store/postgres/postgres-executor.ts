import type pg from 'pg';
import { convertPostgresError, convertWriteError } from '../store-errors.js';
import type { SqlExecutor, SqlRow, SqlValue } from '../sql/sql-executor.js';

/** Runs the shared SQL on a pg Pool: numbers the `?` placeholders, always parameterised. */
export class PostgresExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;
  private readonly numbered = new Map<string, string>();

  constructor(private readonly pool: pg.Pool) {}

  private numberPlaceholders(sql: string): string {
    let text = this.numbered.get(sql);
    if (text === undefined) {
      let index = 0;
      // The shared SQL never contains a literal `?` (no jsonb ? operator, no '?' strings).
      text = sql.replace(/\?/g, () => `$${++index}`);
      this.numbered.set(sql, text);
    }
    return text;
  }

  async query(sql: string, values: readonly SqlValue[] = [], what = 'It'): Promise<SqlRow[]> {
    try {
      const result = await this.pool.query(this.numberPlaceholders(sql), values as SqlValue[]);
      return result.rows as SqlRow[];
    } catch (error) {
      throw convertWriteError(error, convertPostgresError, what);
    }
  }

  /** Runs a statement and returns how many rows it affected (its command's row count). */
  async execute(sql: string, values: readonly SqlValue[] = [], what = 'It'): Promise<number> {
    try {
      const result = await this.pool.query(this.numberPlaceholders(sql), values as SqlValue[]);
      return result.rowCount ?? 0;
    } catch (error) {
      throw convertWriteError(error, convertPostgresError, what);
    }
  }

  writeDate(date: Date): SqlValue {
    return date;
  }

  writeBoolean(value: boolean): SqlValue {
    return value;
  }

  formatDay(column: string): string {
    return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  }
}
