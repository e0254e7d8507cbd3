import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AirlockError } from '../../src/errors/airlock-error.js';
import { authenticateKey } from '../../src/identity/authenticate-key.js';
import { createKeyAuthenticator } from '../../src/identity/key-authenticator.js';
import { issueApiKey, revokeApiKey } from '../../src/identity/key-lifecycle.js';
import { generateApiKey } from '../../src/identity/keys.js';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { TEST_DATABASE_URL, TestSchemas } from '../store/postgres-test-database.js';
import { startTcpProxy, type TcpProxy } from '../store/tcp-proxy.js';

const directory = mkdtempSync(path.join(tmpdir(), 'airlock-auth-'));
const file = path.join(directory, 'airlock.db');
let replicaA: Store;
let replicaB: Store;

/** Counts store lookups without changing what the store does. */
function countLookups(store: Store): { store: Store; lookups: () => number } {
  let lookups = 0;
  const keys = { ...store.keys, findByHash: (hash: string) => ((lookups += 1), store.keys.findByHash(hash)) };
  return { store: { ...store, keys }, lookups: () => lookups };
}

beforeAll(async () => {
  replicaA = createSqliteStore({ path: file });
  replicaB = createSqliteStore({ path: file });
  await replicaA.migrate();
  await replicaB.migrate();
});

afterAll(async () => {
  await replicaA.close();
  await replicaB.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('authenticateKey', () => {
  it('returns the principal with the key and team limits and budgets', async () => {
    await replicaA.teams.upsert({
      id: 'platform',
      limits: { rpm: 1_000 },
      budget: { period: 'month', softMicroUsd: null, hardMicroUsd: 9 },
    });
    const { key, record } = await issueApiKey(replicaA, { user: 'alice', team: 'platform', limits: { rpm: 10 } }, 'test');
    expect(await authenticateKey(replicaB, key)).toEqual({
      ok: true,
      principal: {
        keyId: record.id,
        user: 'alice',
        team: 'platform',
        limits: { rpm: 10 },
        budget: null,
        teamLimits: { rpm: 1_000 },
        teamBudget: { period: 'month', softMicroUsd: null, hardMicroUsd: 9 },
        expiresAt: null,
      },
    });
  });

  it('says why a key is refused: unknown, malformed, revoked or expired', async () => {
    expect(await authenticateKey(replicaA, generateApiKey())).toEqual({ ok: false, reason: 'unknown' });
    expect(await authenticateKey(replicaA, 'Bearer nonsense')).toEqual({ ok: false, reason: 'unknown' });
    const revoked = await issueApiKey(replicaA, { user: 'bob' }, 'test');
    await revokeApiKey(replicaA, revoked.record.id, 'test');
    expect(await authenticateKey(replicaA, revoked.key)).toEqual({ ok: false, reason: 'revoked' });
    const expiring = await issueApiKey(replicaA, { user: 'carol', expiresAt: new Date('2026-01-01T00:00:00Z') }, 'test');
    expect((await authenticateKey(replicaA, expiring.key, new Date('2025-12-31T23:59:59Z'))).ok).toBe(true);
    expect(await authenticateKey(replicaA, expiring.key, new Date('2026-01-01T00:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});

describe('createKeyAuthenticator', () => {
  it('stops accepting a key revoked on another replica once the cache TTL has passed, not before', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const counted = countLookups(replicaB);
    const authenticator = createKeyAuthenticator({ store: counted.store, cacheTtlMs: 2_000, clock: () => now });
    const { key, record } = await issueApiKey(replicaA, { user: 'dave' }, 'test');
    expect((await authenticator.authenticate(key)).ok).toBe(true);
    await replicaA.keys.revoke(record.id);
    now += 1_999;
    expect((await authenticator.authenticate(key)).ok).toBe(true);
    expect(counted.lookups()).toBe(1);
    now += 1;
    expect(await authenticator.authenticate(key)).toEqual({ ok: false, reason: 'revoked' });
    expect(counted.lookups()).toBe(2);
  });

  it('refuses an expiring key at its expiry even from the cache', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const authenticator = createKeyAuthenticator({ store: replicaA, cacheTtlMs: 60_000, clock: () => now });
    const { key } = await issueApiKey(replicaA, { user: 'erin', expiresAt: new Date(now + 500) }, 'test');
    expect((await authenticator.authenticate(key)).ok).toBe(true);
    now += 500;
    expect(await authenticator.authenticate(key)).toEqual({ ok: false, reason: 'expired' });
  });

  it('shares one lookup among concurrent requests and caches refusals too', async () => {
    const counted = countLookups(replicaA);
    const authenticator = createKeyAuthenticator({ store: counted.store });
    const { key } = await issueApiKey(replicaA, { user: 'frank' }, 'test');
    const results = await Promise.all(Array.from({ length: 20 }, () => authenticator.authenticate(key)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(counted.lookups()).toBe(1);
    const unknown = generateApiKey();
    await authenticator.authenticate(unknown);
    await authenticator.authenticate(unknown);
    expect(counted.lookups()).toBe(2);
    expect(await authenticator.authenticate('x'.repeat(10_000))).toEqual({ ok: false, reason: 'unknown' });
    expect(counted.lookups()).toBe(2);
  });

  it('looks up every time with a TTL of 0, and keeps at most maxEntries', async () => {
    const uncached = countLookups(replicaA);
    const noCache = createKeyAuthenticator({ store: uncached.store, cacheTtlMs: 0 });
    const { key } = await issueApiKey(replicaA, { user: 'gina' }, 'test');
    await noCache.authenticate(key);
    await noCache.authenticate(key);
    expect(uncached.lookups()).toBe(2);
    const small = countLookups(replicaA);
    const bounded = createKeyAuthenticator({ store: small.store, maxEntries: 2 });
    const others = [generateApiKey(), generateApiKey()];
    await bounded.authenticate(key);
    for (const other of others) await bounded.authenticate(other);
    await bounded.authenticate(key);
    expect(small.lookups()).toBe(4);
  });

  it('clear() makes a local revocation take effect at once', async () => {
    const authenticator = createKeyAuthenticator({ store: replicaA, cacheTtlMs: 60_000 });
    const { key, record } = await issueApiKey(replicaA, { user: 'hal' }, 'test');
    expect((await authenticator.authenticate(key)).ok).toBe(true);
    await revokeApiKey(replicaA, record.id, 'test');
    authenticator.clear();
    expect(await authenticator.authenticate(key)).toEqual({ ok: false, reason: 'revoked' });
  });
});

// The cost of these stages is measured by `npm run bench:auth-limits`, not asserted here.

describe('createKeyAuthenticator when PostgreSQL goes away', () => {
  const schemas = new TestSchemas();
  let proxy: TcpProxy;
  let store: Store;

  beforeAll(async () => {
    proxy = await startTcpProxy(5432);
    store = createPostgresStore({
      connectionString: TEST_DATABASE_URL.replace(':5432', `:${proxy.port}`),
      schema: schemas.create(),
      connectTimeoutMs: 500,
      queryTimeoutMs: 500,
    });
    await store.migrate();
  });

  afterEach(() => proxy.restore());

  afterAll(async () => {
    await store.close();
    await proxy.close();
    await schemas.dropAll();
  });

  it('fails closed by default: STORE_UNAVAILABLE, quickly', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const authenticator = createKeyAuthenticator({ store, clock: () => now });
    const { key } = await issueApiKey(store, { user: 'ivy' }, 'test');
    expect((await authenticator.authenticate(key)).ok).toBe(true);
    proxy.cut();
    now += 2_000;
    const started = performance.now();
    const failure = await authenticator.authenticate(key).catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect((failure as AirlockError).code).toBe('STORE_UNAVAILABLE');
  });

  it('fails open when configured: a key seen before is served stale and logged; an unseen key is still refused', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const warnings: unknown[] = [];
    const logger = {
      warn: (...args: unknown[]) => warnings.push(args),
    } as unknown as import('../../src/telemetry/logger.js').Logger;
    const authenticator = createKeyAuthenticator({ store, clock: () => now, failMode: 'open', maxStaleMs: 60_000, logger });
    const { key } = await issueApiKey(store, { user: 'jack' }, 'test');
    const unseen = await issueApiKey(store, { user: 'kate' }, 'test');
    expect((await authenticator.authenticate(key)).ok).toBe(true);
    proxy.cut();
    now += 5_000;
    expect(await authenticator.authenticate(key)).toMatchObject({ ok: true, stale: true });
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain(key);
    expect(((await authenticator.authenticate(unseen.key).catch((error: unknown) => error)) as AirlockError).code).toBe(
      'STORE_UNAVAILABLE',
    );
    now += 60_000;
    expect(((await authenticator.authenticate(key).catch((error: unknown) => error)) as AirlockError).code).toBe('STORE_UNAVAILABLE');
    proxy.restore();
    expect(await authenticator.authenticate(key)).toEqual({ ok: true, principal: expect.objectContaining({ user: 'jack' }) });
  });
});
