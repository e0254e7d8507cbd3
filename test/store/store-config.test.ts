import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyAuthSchema, limitsSchema, pricingSchema, storeSchema } from '../../src/config/store-schema.js';
import { configSchema } from '../../src/config/schema.js';
import { createStore } from '../../src/store/create-store.js';

const directory = mkdtempSync(path.join(tmpdir(), 'airlock-store-config-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('store, limits, pricing and auth config', () => {
  it('defaults to SQLite with full sync, in-memory limits, no prices and a 2 s key cache, failing closed', () => {
    expect(storeSchema.parse({})).toEqual({ kind: 'sqlite', synchronous: 'full', busyTimeoutMs: 5_000, failMode: 'closed' });
    expect(limitsSchema.parse({})).toEqual({ kind: 'memory', failMode: 'closed' });
    expect(pricingSchema.parse(undefined)).toEqual({});
    expect(keyAuthSchema.parse({})).toEqual({ keyCacheTtlMs: 2_000, keyCacheMaxEntries: 10_000 });
  });

  it('fills PostgreSQL and Redis defaults', () => {
    expect(storeSchema.parse({ kind: 'postgres' })).toEqual({
      kind: 'postgres',
      urlEnv: 'AIRLOCK_DATABASE_URL',
      schema: 'public',
      poolSize: 10,
      connectTimeoutMs: 2_000,
      queryTimeoutMs: 5_000,
      failMode: 'closed',
    });
    expect(limitsSchema.parse({ kind: 'redis', failMode: 'open' })).toEqual({
      kind: 'redis',
      keyPrefix: 'airlock:',
      connectTimeoutMs: 2_000,
      commandTimeoutMs: 500,
      failMode: 'open',
    });
  });

  it('refuses a Redis URL with a password, unknown kinds and fields, and bad names', () => {
    expect(limitsSchema.safeParse({ kind: 'redis', url: 'redis://user:secret@host:6379' }).success).toBe(false);
    expect(limitsSchema.safeParse({ kind: 'redis', url: 'redis://host:6379/0' }).success).toBe(true);
    expect(limitsSchema.safeParse({ kind: 'redis', url: 'http://host' }).success).toBe(false);
    expect(storeSchema.safeParse({ kind: 'mysql' }).success).toBe(false);
    expect(storeSchema.safeParse({ kind: 'postgres', url: 'postgres://x' }).success).toBe(false);
    expect(storeSchema.safeParse({ kind: 'postgres', urlEnv: 'not a name' }).success).toBe(false);
    expect(storeSchema.safeParse({ kind: 'postgres', schema: 'Robert"; DROP' }).success).toBe(false);
    expect(storeSchema.safeParse({ failMode: 'sometimes' }).success).toBe(false);
    expect(pricingSchema.safeParse({ openai: { 'gpt-4o': { inputPerMillionUsd: -1, outputPerMillionUsd: 1 } } }).success).toBe(false);
  });

  it('is part of the root configuration, with defaults when absent', () => {
    const config = configSchema.parse({ destinations: {}, models: {} });
    expect(config.store.kind).toBe('sqlite');
    expect(config.limits.kind).toBe('memory');
    expect(config.pricing).toEqual({});
    expect(config.auth.keyCacheTtlMs).toBe(2_000);
  });

  it('puts the SQLite file in the data directory unless a path is given', async () => {
    const store = createStore(storeSchema.parse({}), { dataDir: path.join(directory, 'data') });
    await store.migrate();
    await store.close();
    expect(existsSync(path.join(directory, 'data', 'airlock.db'))).toBe(true);
    const custom = createStore(storeSchema.parse({ path: 'elsewhere/custom.db' }), {
      dataDir: directory,
      configDir: path.join(directory, 'config'),
    });
    await custom.migrate();
    await custom.close();
    expect(existsSync(path.join(directory, 'config', 'elsewhere', 'custom.db'))).toBe(true);
  });
});
