import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';

function writeConfig(text: string): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-config-'));
  const file = path.join(directory, 'airlock.yaml');
  writeFileSync(file, text);
  return file;
}

function problemsOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const VALID = `
destinations:
  local:
    kind: embedded
    modelPath: ./model.gguf
  openai:
    kind: openai-compatible
    tier: enterprise
    retention: zero
    baseUrl: https://api.openai.com/v1
    apiKeyEnv: OPENAI_API_KEY
models:
  gpt-4o:
    destination: openai
    aliases: [gpt4]
    fallbacks: [local]
  local:
    destination: local
`;

describe('loadConfig', () => {
  it('starts on embedded defaults without a file, bound to loopback', () => {
    const loaded = loadConfig({ env: {} });
    expect(loaded.source).toBe('embedded defaults');
    expect(loaded.config.server.host).toBe('127.0.0.1');
    expect(loaded.config.destinations['local']).toMatchObject({ kind: 'embedded', tier: 'local', retention: 'zero' });
    expect(loaded.config.models['local']?.destination).toBe('local');
    expect(loaded.dataDir).toBe(path.join(os.homedir(), '.airlock'));
  });

  it('reads a YAML file, applies defaults and freezes the result', () => {
    const file = writeConfig(VALID);
    const loaded = loadConfig({ file, env: {} });
    expect(loaded.configDir).toBe(path.dirname(file));
    const openai = loaded.config.destinations['openai'];
    expect(openai?.timeouts).toEqual({ connectMs: 10_000, firstByteMs: 120_000, totalMs: 600_000 });
    expect(Object.isFrozen(loaded.config.server)).toBe(true);
    expect(() => {
      (loaded.config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('lets the environment override the file and flags override both', () => {
    const file = writeConfig(VALID);
    const env = {
      AIRLOCK_PORT: '9001',
      AIRLOCK_SERVER__BODY_LIMIT: '1024',
      AIRLOCK_DESTINATIONS__OPENAI__BASE_URL: 'https://example.test/v1',
    };
    const loaded = loadConfig({ file, env });
    expect(loaded.config.server.port).toBe(9001);
    expect(loaded.config.server.bodyLimit).toBe(1024);
    expect(loaded.config.destinations['openai']).toMatchObject({ baseUrl: 'https://example.test/v1' });
    expect(loadConfig({ file, env, overrides: { port: 7000, host: '::1' } }).config.server).toMatchObject({ port: 7000, host: '::1' });
  });

  it('reports every problem at once, each with its path', () => {
    const file = writeConfig(`
server: { port: "eighty" }
destinations:
  cloud:
    kind: openai-compatible
    tier: enterprise
    retention: zero
    baseUrl: not-a-url
    apiKey: sk-should-not-be-here
models:
  m: { destination: nowhere }
`);
    const paths = problemsOf(() => loadConfig({ file, env: {} })).map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['server.port', 'destinations.cloud.baseUrl', 'destinations.cloud']));
  });

  it('checks references between models and destinations', () => {
    const file = writeConfig(`
destinations:
  local: { kind: embedded, modelPath: m.gguf }
models:
  a: { destination: missing, fallbacks: [b, a] }
  b: { destination: local, aliases: [a] }
`);
    const problems = problemsOf(() => loadConfig({ file, env: {} }));
    expect(problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining(['models.a.destination', 'models.a.fallbacks[1]', 'models.b.aliases[0]']),
    );
  });

  it('refuses a consumer destination unless allowed, and warns when it is', () => {
    const consumer = `
destinations:
  chat: { kind: openai-compatible, tier: consumer, retention: 30, baseUrl: "https://chat.example/v1" }
models:
  c: { destination: chat }
`;
    const problems = problemsOf(() => loadConfig({ file: writeConfig(consumer), env: {} }));
    expect(problems).toEqual([expect.objectContaining({ path: 'destinations.chat.tier' })]);
    const loaded = loadConfig({ file: writeConfig(`allowConsumer: true\n${consumer}`), env: {} });
    expect(loaded.warnings.join()).toMatch(/consumer/);
  });

  it('reports YAML syntax errors and unreadable files', () => {
    expect(problemsOf(() => loadConfig({ file: writeConfig('server: [unclosed'), env: {} }))[0]?.path).toMatch(/yaml line/);
    expect(problemsOf(() => loadConfig({ file: '/nonexistent/airlock.yaml', env: {} }))[0]?.message).toMatch(/ENOENT/);
  });
});
