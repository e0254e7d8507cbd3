/**
 * What the SQL sub-stores need from a backend. The sub-stores (keys, teams, usage, admin events)
 * are written once, in the SQL both SQLite and PostgreSQL understand, so the two backends cannot
 * drift apart; each backend supplies an executor that runs parameterised statements (`?`
 * placeholders; PostgreSQL's executor numbers them) and converts values both ways.
 */
export type SqlValue = string | number | boolean | Date | null;
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs one parameterised statement and returns its rows (empty for statements without
   * RETURNING). Throws AirlockError: STORE_UNAVAILABLE when the backend is unreachable,
   * INVALID_REQUEST for constraint violations described by `what`, INTERNAL otherwise.
   */
  query(sql: string, values?: readonly SqlValue[], what?: string): Promise<SqlRow[]>;
  /** How this backend stores a timestamp (SQLite: epoch ms; PostgreSQL: timestamptz). */
  writeDate(date: Date): SqlValue;
  writeBoolean(value: boolean): SqlValue;
  /** An expression giving the UTC day (`YYYY-MM-DD`) of a timestamp column. */
  formatDay(column: string): string;
}

export function writeOptionalDate(executor: SqlExecutor, date: Date | null | undefined): SqlValue {
  return date === null || date === undefined ? null : executor.writeDate(date);
}
