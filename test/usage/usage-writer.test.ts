import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store, UsageRecord, UsageStore } from '../../src/store/types.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { createUsageWriter } from '../../src/usage/usage-writer.js';
import { TestSchemas } from '../store/postgres-test-database.js';
import { startTcpProxy } from '../store/tcp-proxy.js';

const schemas = new TestSchemas();
const directories: string[] = [];
afterAll(async () => {
  await schemas.dropAll();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

async function openSqlite(): Promise<Store> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-usage-writer-'));
  directories.push(directory);
  const store = createSqliteStore({ path: path.join(directory, 'airlock.db') });
  await store.migrate();
  return store;
}

async function openPostgres(port = 5432): Promise<Store> {
  const store = createPostgresStore({
    connectionString: `postgres://postgres@127.0.0.1:${port}/test`,
    schema: schemas.create(),
    connectTimeoutMs: 300,
    queryTimeoutMs: 500,
  });
  await store.migrate();
  return store;
}

let sequence = 0;
function createRow(fields: Partial<UsageRecord> = {}): UsageRecord {
  sequence += 1;
  return {
    requestId: `writer-${sequence}`,
    time: new Date(),
    keyId: 'key_w',
    user: 'u',
    team: 't',
    surface: 'openai',
    requestedModel: 'm',
    destination: 'd',
    upstreamModel: 'x',
    inputTokens: 3,
    outputTokens: 2,
    estimated: false,
    costMicroUsd: 7,
    status: 200,
    outcome: 'ok',
    ...fields,
  };
}

/** The store's usage, with each recordMany call's batch size noted (the real store does the work). */
function observeBatches(usage: UsageStore): { usage: UsageStore; batches: number[] } {
  const batches: number[] = [];
  return {
    batches,
    usage: {
      ...usage,
      recordMany: (rows) => {
        batches.push(rows.length);
        return usage.recordMany(rows);
      },
    },
  };
}

describe.each([
  ['sqlite', openSqlite],
  ['postgres', () => openPostgres()],
])('recordMany (%s)', (_name, open) => {
  it('inserts in one statement, idempotent per request id, and counts only new rows', async () => {
    const store = await open();
    try {
      const rows = Array.from({ length: 620 }, () => createRow());
      expect(await store.usage.recordMany(rows)).toBe(620);
      const again = [rows[0] as UsageRecord, createRow(), createRow({ requestId: rows[1]!.requestId })];
      expect(await store.usage.recordMany(again)).toBe(1);
      expect(await store.usage.recordMany([])).toBe(0);
      const summary = await store.usage.summarize({ by: 'key' });
      expect(summary.total).toMatchObject({ requests: 621, inputTokens: 3 * 621, costMicroUsd: 7 * 621 });
    } finally {
      await store.close();
    }
  });
});

describe('the usage writer (group commit)', () => {
  it('writes queued rows in batches, within the flush interval, without being asked', async () => {
    const store = await openSqlite();
    try {
      const observed = observeBatches(store.usage);
      const writer = createUsageWriter({ store: observed.usage, logger: createSilentLogger(), flushIntervalMs: 20, maxBatch: 100 });
      for (let index = 0; index < 250; index++) writer.add(createRow());
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await store.usage.summarize({ by: 'key' })).total.requests).toBe(250);
      expect(observed.batches.length).toBeLessThanOrEqual(4);
      expect(observed.batches.reduce((sum, size) => sum + size, 0)).toBe(250);
      await writer.close();
    } finally {
      await store.close();
    }
  });

  it('keeps rows that arrive during a commit for the next batch instead of a commit of their own', async () => {
    const store = await openSqlite();
    try {
      const batches: number[] = [];
      // A store whose commits take 5 ms, like an fsync: rows keep arriving meanwhile.
      const slow: UsageStore = {
        ...store.usage,
        recordMany: async (rows) => {
          batches.push(rows.length);
          await new Promise((resolve) => setTimeout(resolve, 5));
          return store.usage.recordMany(rows);
        },
      };
      const writer = createUsageWriter({ store: slow, logger: createSilentLogger(), flushIntervalMs: 50, maxBatch: 20 });
      const startedAt = Date.now();
      for (let index = 0; index < 200; index++) {
        writer.add(createRow());
        await new Promise((resolve) => setTimeout(resolve, 0.5));
      }
      await writer.flush();
      const elapsedMs = Date.now() - startedAt;
      expect((await store.usage.summarize({ by: 'key' })).total.requests).toBe(200);
      // Full batches, and partial ones only when the flush interval ends (plus the final flush):
      // not a commit of the few rows that arrived during each 5 ms commit.
      const partial = batches.filter((size) => size < 20).length;
      expect(partial).toBeLessThanOrEqual(Math.floor(elapsedMs / 50) + 2);
      expect(partial).toBeLessThan(batches.length / 2);
      await writer.close();
    } finally {
      await store.close();
    }
  });

  it('keeps rows while the store is down and writes them once it is back', async () => {
    const proxy = await startTcpProxy(5432);
    const store = await openPostgres(proxy.port);
    try {
      const writer = createUsageWriter({ store: store.usage, logger: createSilentLogger(), flushIntervalMs: 10 });
      proxy.cut();
      for (let index = 0; index < 5; index++) writer.add(createRow({ keyId: 'key_outage' }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      proxy.restore();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await writer.flush();
      expect((await store.usage.summarize({ by: 'key', keyId: 'key_outage' })).total.requests).toBe(5);
      await writer.close();
    } finally {
      await store.close();
      await proxy.close();
    }
  });

  it('drops only a malformed row, not its batch', async () => {
    const store = await openSqlite();
    try {
      const writer = createUsageWriter({ store: store.usage, logger: createSilentLogger() });
      writer.add(createRow({ keyId: 'key_mixed' }));
      writer.add(createRow({ keyId: 'key_mixed', inputTokens: -1 }));
      writer.add(createRow({ keyId: 'key_mixed' }));
      await writer.close();
      expect((await store.usage.summarize({ by: 'key', keyId: 'key_mixed' })).total.requests).toBe(2);
    } finally {
      await store.close();
    }
  });
});
