import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findClientConfigFile, normalizeGatewayUrl, resolveClientSettings } from '../../src/client/client-settings.js';
import { createGatewayClient } from '../../src/client/gateway-client.js';
import { startLoopbackServer, sendJson } from '../helpers/loopback-server.js';
import { createTestTerminal, type TestTerminal } from './ask-helpers.js';

const terminals: TestTerminal[] = [];
afterEach(() => {
  while (terminals.length > 0) terminals.pop()?.cleanup();
});

function home(env: Record<string, string> = {}, config?: string): TestTerminal {
  const term = createTestTerminal({ stdinIsTty: true, env });
  terminals.push(term);
  if (config !== undefined) {
    const file = findClientConfigFile(term.io);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, config, { mode: 0o600 });
  }
  return term;
}

describe('where the developer commands find the gateway', () => {
  it('uses the local defaults with nothing set', () => {
    expect(resolveClientSettings({}, home().io)).toEqual({ url: 'http://127.0.0.1:8080', warnings: [] });
  });

  it('prefers flags to the environment, and the environment to the client config', () => {
    const term = home(
      { AIRLOCK_URL: 'http://env:1', AIRLOCK_MODEL: 'env-model' },
      'url: http://file:2\nkey: alk_from_file\nmodel: file-model\n',
    );
    expect(resolveClientSettings({}, term.io)).toMatchObject({ url: 'http://env:1', key: 'alk_from_file', model: 'env-model' });
    expect(resolveClientSettings({ url: 'http://flag:3', key: 'alk_flag' }, term.io)).toMatchObject({
      url: 'http://flag:3',
      key: 'alk_flag',
      model: 'env-model',
    });
  });

  it('reads $XDG_CONFIG_HOME/airlock/client.yaml when XDG_CONFIG_HOME is set', () => {
    const term = home({ XDG_CONFIG_HOME: '/tmp/airlock-xdg-test' });
    expect(findClientConfigFile(term.io)).toBe('/tmp/airlock-xdg-test/airlock/client.yaml');
    expect(findClientConfigFile(home().io)).toMatch(/\.config\/airlock\/client\.yaml$/);
  });

  it('warns about a key in a config file others can read', () => {
    const term = home({}, 'key: alk_secret_value\n');
    chmodSync(findClientConfigFile(term.io), 0o644);
    expect(resolveClientSettings({}, term.io).warnings).toEqual([expect.stringContaining('readable by other users; run: chmod 600')]);
  });

  it('refuses a malformed config file, URL or key without echoing the key', () => {
    expect(() => resolveClientSettings({}, home({}, 'url: [unclosed\n').io)).toThrow('is not valid YAML');
    expect(() => resolveClientSettings({}, home({}, 'gateway: http://x\n').io)).toThrow('is not a valid client config');
    expect(() => resolveClientSettings({ url: 'ftp://x' }, home().io)).toThrow('must start with http:// or https://');
    expect(() => resolveClientSettings({ key: 'alk_has a space' }, home().io)).toThrow(/^The key contains spaces/);
    try {
      resolveClientSettings({ key: 'alk_has a space' }, home().io);
    } catch (error) {
      expect((error as Error).message).not.toContain('alk_has');
    }
  });

  it('accepts the OpenAI base URL people paste', () => {
    expect(normalizeGatewayUrl('http://127.0.0.1:8080/v1/')).toBe('http://127.0.0.1:8080');
    expect(normalizeGatewayUrl('https://gw.example.com/airlock/v1')).toBe('https://gw.example.com/airlock');
    expect(normalizeGatewayUrl('http://[::1]:8080')).toBe('http://[::1]:8080');
  });

  it('sends the key as a bearer token, and no authorization header without one', async () => {
    const server = await startLoopbackServer((_request, response) => sendJson(response, 200, { object: 'list', data: [{ id: 'm' }] }));
    try {
      const withKey = createGatewayClient({ url: server.url, key: 'alk_abc' });
      expect(await withKey.listModels()).toEqual(['m']);
      await withKey.close();
      expect(server.lastRequest().headers.authorization).toBe('Bearer alk_abc');
      const anonymous = createGatewayClient({ url: server.url });
      await anonymous.listModels();
      await anonymous.close();
      expect(server.lastRequest().headers.authorization).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
