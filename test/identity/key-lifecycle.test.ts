import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AirlockError } from '../../src/errors/airlock-error.js';
import { authenticateKey } from '../../src/identity/authenticate-key.js';
import { issueApiKey, revokeApiKey, rotateApiKey } from '../../src/identity/key-lifecycle.js';
import { hashApiKey } from '../../src/identity/keys.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

const directory = mkdtempSync(path.join(tmpdir(), 'airlock-lifecycle-'));
let store: Store;

beforeAll(async () => {
  store = createSqliteStore({ path: path.join(directory, 'airlock.db') });
  await store.migrate();
});

afterAll(async () => {
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('key lifecycle', () => {
  it('issues a key stored only as its hash, and records who created it without the secret', async () => {
    const issued = await issueApiKey(
      store,
      { user: 'alice', team: 'payments', limits: { rpm: 60 }, budget: { period: 'month', softMicroUsd: 1, hardMicroUsd: 2 } },
      'admin:root',
    );
    expect(issued.key).toMatch(/^alk_/);
    expect(issued.record.hash).toBe(hashApiKey(issued.key));
    expect(issued.record.prefix).toBe(issued.key.slice(0, 12));
    expect(JSON.stringify(issued.record)).not.toContain(issued.key);
    const [event] = await store.adminEvents.list({ target: issued.record.id });
    expect(event).toMatchObject({ actor: 'admin:root', action: 'key.create', target: issued.record.id });
    expect(event?.detail).toMatchObject({ user: 'alice', team: 'payments', limits: { rpm: 60 } });
    expect(JSON.stringify(event)).not.toContain(issued.key);
    expect(JSON.stringify(event)).not.toContain(issued.record.hash);
  });

  it('rotates: same key id and settings, the new secret works, the old one is unknown', async () => {
    const issued = await issueApiKey(store, { user: 'bob', limits: { tpm: 1_000 } }, 'cli:ops');
    const rotated = await rotateApiKey(store, issued.record.id, 'cli:ops');
    expect(rotated?.record.id).toBe(issued.record.id);
    expect(rotated?.key).not.toBe(issued.key);
    expect(await authenticateKey(store, issued.key)).toEqual({ ok: false, reason: 'unknown' });
    const result = await authenticateKey(store, rotated?.key ?? '');
    expect(result).toMatchObject({ ok: true, principal: { keyId: issued.record.id, limits: { tpm: 1_000 } } });
    const actions = (await store.adminEvents.list({ target: issued.record.id })).map((event) => event.action);
    expect(actions).toEqual(['key.rotate', 'key.create']);
  });

  it('revokes, and neither rotates nor revokes what does not exist', async () => {
    const issued = await issueApiKey(store, { user: 'carol' }, 'cli:ops');
    expect((await revokeApiKey(store, issued.record.id, 'cli:ops'))?.revokedAt).toBeInstanceOf(Date);
    expect(await rotateApiKey(store, issued.record.id, 'cli:ops')).toBeNull();
    expect(await revokeApiKey(store, 'key_missing', 'cli:ops')).toBeNull();
    expect(await rotateApiKey(store, 'key_missing', 'cli:ops')).toBeNull();
    expect((await store.adminEvents.list({ target: 'key_missing' })).length).toBe(0);
  });

  it('refuses bad input with INVALID_REQUEST', async () => {
    const attempts = [
      issueApiKey(store, { user: ' ' }, 'x'),
      issueApiKey(store, { user: 'u', limits: { rpm: 1.5 } }, 'x'),
      issueApiKey(store, { user: 'u', limits: { tpm: -1 } }, 'x'),
      issueApiKey(store, { user: 'u', budget: { period: 'day', softMicroUsd: null, hardMicroUsd: -3 } }, 'x'),
    ];
    for (const attempt of attempts) {
      const failure = await attempt.catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AirlockError);
      expect((failure as AirlockError).code).toBe('INVALID_REQUEST');
    }
  });
});
