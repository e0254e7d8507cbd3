import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLoopbackHost, resolveAccessMode } from '../../src/auth/resolve-access-mode.js';
import { ConfigError } from '../../src/config/config-error.js';
import { validateConfig } from '../../src/config/load-config.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { issueApiKey } from '../../src/identity/key-lifecycle.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

let directory: string;
let store: Store;

beforeEach(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-access-'));
  store = createSqliteStore({ path: path.join(directory, 'airlock.db') });
  await store.migrate();
});

afterEach(async () => {
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

function configWith(server: ConfigInput['server'], auth: ConfigInput['auth'] = {}) {
  const input: ConfigInput = {
    server: { ollama: false, ...server },
    auth,
    destinations: { up: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: 'http://127.0.0.1:9/v1' } },
    models: { m: { destination: 'up' } },
  };
  return validateConfig(input, 'test.yaml', directory).config;
}

const OIDC = { issuer: 'https://login.example.com', audience: 'airlock' };

describe('resolveAccessMode', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.1', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.1.2.3', false],
    ['gateway.internal', false],
  ])('%s is loopback: %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it('allows anonymous use on loopback with nothing configured (the laptop quick start)', async () => {
    const mode = await resolveAccessMode({ config: configWith({ host: '127.0.0.1' }), adminKeyCount: 0, store, source: 'test.yaml' });
    expect(mode).toMatchObject({ anonymous: true, loopbackOnly: true, credentialsConfigured: false });
  });

  it.each([
    ['a key in the store', async () => ({ adminKeyCount: 0, auth: {}, key: true })],
    ['admin keys', async () => ({ adminKeyCount: 1, auth: {}, key: false })],
    ['an OIDC issuer', async () => ({ adminKeyCount: 0, auth: { oidc: OIDC }, key: false })],
  ])('requires credentials on loopback once there is %s', async (_name, setup) => {
    const { adminKeyCount, auth, key } = await setup();
    if (key) await issueApiKey(store, { user: 'alice' }, 'test');
    const mode = await resolveAccessMode({ config: configWith({ host: '127.0.0.1' }, auth), adminKeyCount, store, source: 'test.yaml' });
    expect(mode).toMatchObject({ anonymous: false, credentialsConfigured: true });
  });

  it('refuses to start on a non-loopback address without credentials, saying what to do', async () => {
    let caught: unknown;
    try {
      await resolveAccessMode({ config: configWith({ host: '0.0.0.0' }), adminKeyCount: 0, store, source: 'test.yaml' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toContain('refusing to listen on 0.0.0.0 without credentials');
    expect(message).toContain('airlock keys create');
    expect(message).toContain('auth.anonymous: true');
  });

  it('counts the Ollama listener: loopback main port but an exposed Ollama port is not loopback-only', async () => {
    const config = configWith({ host: '127.0.0.1', ollama: { host: '0.0.0.0', port: 0 } });
    await expect(resolveAccessMode({ config, adminKeyCount: 0, store, source: 'test.yaml' })).rejects.toBeInstanceOf(ConfigError);
  });

  it('serves a non-loopback address when credentials exist, and requires them', async () => {
    const mode = await resolveAccessMode({ config: configWith({ host: '0.0.0.0' }), adminKeyCount: 1, store, source: 'test.yaml' });
    expect(mode).toMatchObject({ anonymous: false, loopbackOnly: false });
  });

  it('follows an explicit auth.anonymous either way', async () => {
    const open = await resolveAccessMode({
      config: configWith({ host: '0.0.0.0' }, { anonymous: true }),
      adminKeyCount: 0,
      store,
      source: 'x',
    });
    expect(open).toMatchObject({ anonymous: true, loopbackOnly: false });
    const closed = await resolveAccessMode({
      config: configWith({ host: '127.0.0.1' }, { anonymous: false }),
      adminKeyCount: 0,
      store,
      source: 'x',
    });
    expect(closed.anonymous).toBe(false);
  });
});
