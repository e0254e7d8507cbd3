import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { convertSqliteError, convertWriteError } from '../store-errors.js';
import type { SqlExecutor, SqlRow, SqlValue } from '../sql/sql-executor.js';

export interface SqliteConnectionOptions {
  /** File path, or `:memory:` (tests of a single process only). */
  path: string;
  /**
   * `full` (default): every commit fsyncs the WAL, so nothing the gateway acknowledged (a usage
   * row, an admin action, an audit record) is lost on a power cut or kernel crash. `normal` in
   * WAL mode survives a crash of the process but may lose the last commits on a machine crash.
   * The audit log promises "durably recorded before anything leaves", so `full` is the default;
   * its cost is one fsync per commit, which batching writes keeps off the request path.
   */
  synchronous: 'full' | 'normal';
  busyTimeoutMs: number;
}

/**
 * One better-sqlite3 connection with a statement cache. better-sqlite3 is synchronous, which is
 * right for SQLite (no thread hop; the queries are sub-millisecond); the async interface simply
 * resolves with the result.
 */
export class SqliteConnection implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  readonly database: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(options: SqliteConnectionOptions) {
    try {
      if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
      this.database = new Database(options.path);
      // The file holds key hashes and usage: readable by the gateway's user only.
      if (options.path !== ':memory:') chmodSync(options.path, 0o600);
      // WAL: readers never block the writer, and other processes (the CLI) read while the
      // gateway writes. busy_timeout: a writer waits for another process's lock instead of failing.
      this.database.pragma('journal_mode = WAL');
      this.database.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
      this.database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
    } catch (error) {
      throw convertSqliteError(error);
    }
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.database.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Synchronous form, for work inside a better-sqlite3 transaction. */
  querySync(sql: string, values: readonly SqlValue[] = []): SqlRow[] {
    const statement = this.prepare(sql);
    const parameters = values.map(toSqliteValue);
    if (statement.reader) return statement.all(...parameters) as SqlRow[];
    statement.run(...parameters);
    return [];
  }

  async query(sql: string, values: readonly SqlValue[] = [], what = 'It'): Promise<SqlRow[]> {
    try {
      return this.querySync(sql, values);
    } catch (error) {
      throw convertWriteError(error, convertSqliteError, what);
    }
  }

  writeDate(date: Date): SqlValue {
    return date.getTime();
  }

  writeBoolean(value: boolean): SqlValue {
    return value ? 1 : 0;
  }

  formatDay(column: string): string {
    return `strftime('%Y-%m-%d', ${column} / 1000, 'unixepoch')`;
  }

  close(): void {
    this.statements.clear();
    if (this.database.open) this.database.close();
  }
}

function toSqliteValue(value: SqlValue): string | number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
