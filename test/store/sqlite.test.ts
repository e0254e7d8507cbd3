import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AirlockError } from '../../src/errors/airlock-error.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteConnection } from '../../src/store/sqlite/sqlite-connection.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startSqliteWorker } from '../../src/store/sqlite/sqlite-worker.js';
import type { UsageRecord } from '../../src/store/types.js';
import { describeStoreContract, type StoreLocation } from './store-contract.js';

const directory = mkdtempSync(path.join(tmpdir(), 'airlock-sqlite-'));
let fileCount = 0;

function createUsageRow(requestId: string, fields: Partial<UsageRecord> = {}): UsageRecord {
  return {
    requestId,
    time: new Date(),
    keyId: 'key_thread',
    user: null,
    team: null,
    surface: 'openai',
    requestedModel: 'm',
    destination: 'd',
    upstreamModel: 'u',
    inputTokens: 2,
    outputTokens: 3,
    estimated: false,
    costMicroUsd: 5,
    status: 200,
    outcome: 'ok',
    ...fields,
  };
}

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

describe('sqlite usage writer thread', () => {
  it('fails a usage write with STORE_UNAVAILABLE while another process holds the lock, and writes once it is free', async () => {
    const file = path.join(directory, 'usage-busy.db');
    const store = createSqliteStore({ path: file, busyTimeoutMs: 150 });
    await store.migrate();
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const failure = await store.usage.recordMany([createUsageRow('busy-1')]).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AirlockError);
      expect((failure as AirlockError).code).toBe('STORE_UNAVAILABLE');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    try {
      expect(await store.usage.recordMany([createUsageRow('busy-1'), createUsageRow('busy-2')])).toBe(2);
      expect(await store.usage.record(createUsageRow('busy-2'))).toBe(false);
      expect((await store.usage.summarize({ by: 'key' })).total).toMatchObject({ requests: 2, inputTokens: 4, costMicroUsd: 10 });
    } finally {
      await store.close();
    }
  });

  it('starts a new writer thread after one could not open the file', async () => {
    const folder = path.join(directory, 'moved');
    mkdirSync(folder);
    const store = createSqliteStore({ path: path.join(folder, 'airlock.db') });
    await store.migrate();
    // The folder disappears (a file stands in its way) before the first write starts the thread.
    renameSync(folder, `${folder}-away`);
    writeFileSync(folder, 'not a folder');
    try {
      const failure = await store.usage.recordMany([createUsageRow('moved-1')]).catch((error: unknown) => error);
      expect((failure as AirlockError).code).toBe('STORE_UNAVAILABLE');
    } finally {
      rmSync(folder);
      renameSync(`${folder}-away`, folder);
    }
    try {
      expect(await store.usage.recordMany([createUsageRow('moved-1')])).toBe(1);
      expect((await store.usage.summarize({ by: 'key' })).total.requests).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('reports a thread that cannot open its file as stopped, with STORE_UNAVAILABLE', async () => {
    const blocker = path.join(directory, 'worker-blocker');
    writeFileSync(blocker, 'not a folder');
    const worker = startSqliteWorker({
      path: path.join(blocker, 'airlock.db'),
      synchronous: 'full',
      busyTimeoutMs: 100,
      handlerSource: '() => () => 0',
      convertError: (cause) => cause,
      name: 'The test writer',
    });
    const failure = await worker.run('[]').catch((error: unknown) => error);
    expect((failure as AirlockError).code).toBe('STORE_UNAVAILABLE');
    expect(worker.stopped).toBe(true);
    await worker.close();
  });

  it('commits a batch in flight before the process exits, and an idle writer thread does not hold the process open', async () => {
    const file = path.join(directory, 'exit.db');
    const fixture = path.join(import.meta.dirname, 'fixtures', 'record-usage-and-exit.ts');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', fixture, file], { timeout: 20_000 });
    const inspector = new Database(file, { readonly: true });
    try {
      expect(inspector.prepare('SELECT COUNT(*) AS n FROM usage_records').get()).toEqual({ n: 20_000 });
    } finally {
      inspector.close();
    }
  });
});
