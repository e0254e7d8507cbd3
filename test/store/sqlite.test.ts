import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AirlockError } from '../../src/errors/airlock-error.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteConnection } from '../../src/store/sqlite/sqlite-connection.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { describeStoreContract, type StoreLocation } from './store-contract.js';

const directory = mkdtempSync(path.join(tmpdir(), 'airlock-sqlite-'));
let fileCount = 0;

function createLocation(): StoreLocation {
  fileCount += 1;
  const file = path.join(directory, `store-${fileCount}.db`);
  return { open: (options = {}) => createSqliteStore({ path: file, ...options }) };
}

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeStoreContract('sqlite', async () => ({
  location: createLocation(),
  createFreshLocation: async () => createLocation(),
  migrations: SQLITE_MIGRATIONS,
}));

describe('sqlite backend', () => {
  it('creates its folder, keeps the file private and runs in WAL mode with full sync', async () => {
    const file = path.join(directory, 'nested', 'deeper', 'airlock.db');
    const store = createSqliteStore({ path: file });
    await store.migrate();
    await store.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const inspector = new Database(file, { readonly: true });
    try {
      expect(inspector.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      inspector.close();
    }
    for (const [setting, expected] of [
      ['full', 2],
      ['normal', 1],
    ] as const) {
      const connection = new SqliteConnection({ path: file, synchronous: setting, busyTimeoutMs: 1_234 });
      expect(connection.database.pragma('synchronous', { simple: true })).toBe(expected);
      expect(connection.database.pragma('busy_timeout', { simple: true })).toBe(1_234);
      connection.close();
    }
  });

  it('fails with STORE_UNAVAILABLE when the file cannot be opened', () => {
    const blocker = path.join(directory, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const failure = (() => {
      try {
        createSqliteStore({ path: path.join(blocker, 'airlock.db') });
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(AirlockError);
    expect((failure as AirlockError).code).toBe('STORE_UNAVAILABLE');
  });

  it('fails a write with STORE_UNAVAILABLE after busyTimeoutMs when another process holds the lock', async () => {
    const file = path.join(directory, 'busy.db');
    const store = createSqliteStore({ path: file, busyTimeoutMs: 150 });
    await store.migrate();
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      const failure = await store.adminEvents.record({ actor: 'a', action: 'b' }).catch((error: unknown) => error);
      const elapsed = performance.now() - started;
      expect((failure as AirlockError).code).toBe('STORE_UNAVAILABLE');
      expect(elapsed).toBeGreaterThanOrEqual(100);
      expect(elapsed).toBeLessThan(2_000);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      await store.close();
    }
  });

  it('migrates once when separate processes start on the same file at once', async () => {
    const file = path.join(directory, 'processes.db');
    const fixture = path.join(import.meta.dirname, 'fixtures', 'migrate-sqlite.ts');
    const run = promisify(execFile);
    const outputs = await Promise.all([1, 2, 3].map(() => run(process.execPath, ['--import', 'tsx', fixture, file])));
    const applied = outputs.flatMap((output) => JSON.parse(output.stdout) as string[]);
    expect(applied).toEqual(SQLITE_MIGRATIONS.map((migration) => migration.id));
  });
});
