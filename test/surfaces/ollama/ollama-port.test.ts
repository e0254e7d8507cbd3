import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { startOllamaListener } from '../../../src/server/create-ollama-server.js';
import { createLogger } from '../../../src/telemetry/logger.js';
import { startTestGateway } from '../../helpers/start-test-gateway.js';

const CONFIG = {
  destinations: { cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: 'http://127.0.0.1:9/v1' } },
  models: { 'gpt-4o': { destination: 'cloud' } },
} as const;

const CONFIG_YAML = `
server:
  ollama:
    allowedHosts: [airlock.internal]
destinations:
  cloud: { kind: openai-compatible, tier: enterprise, retention: zero, baseUrl: "http://127.0.0.1:9/v1" }
models:
  gpt-4o: { destination: cloud }
`;

let holder: Server;
let takenPort: number;
let directory: string;
let configFile: string;

beforeAll(async () => {
  // Something (a real Ollama, say) already listening on a port.
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  takenPort = (holder.address() as { port: number }).port;
  directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-ollama-port-'));
  configFile = path.join(directory, 'airlock.yaml');
  writeFileSync(configFile, CONFIG_YAML);
});

afterAll(async () => {
  await new Promise((resolve) => holder.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

describe('the Ollama listener and its port', () => {
  it('is off when server.ollama is false (the test default)', async () => {
    const gateway = await startTestGateway(CONFIG);
    try {
      expect(gateway.ollamaUrl).toBeUndefined();
    } finally {
      await gateway.close();
    }
  });

  it('fails start with a clear error when a port the user chose is taken', async () => {
    const failure = await startTestGateway({ ...CONFIG, server: { ollama: { port: takenPort } } }).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe(
      `The Ollama listener cannot start: 127.0.0.1:${takenPort} is already in use. Choose another port (server.ollama.port or --ollama-port), stop what holds it, or turn the listener off (--ollama-port 0).`,
    );
  });

  it('runs without the listener, with a notice, when the default port is taken', async () => {
    const gateway = await startTestGateway(CONFIG);
    const output = new PassThrough();
    const lines: string[] = [];
    output.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    try {
      const settings = { host: '127.0.0.1', allowedHosts: [], allowedOrigins: [] };
      const listener = await startOllamaListener(gateway.gateway, settings, createLogger('info', output), takenPort);
      expect(listener).toBeUndefined();
      await new Promise((resolve) => setImmediate(resolve));
      const notice = JSON.parse(lines.join('').trim()) as Record<string, unknown>;
      expect(notice).toMatchObject({ level: 40, port: takenPort, msg: expect.stringContaining('is Ollama running?') });
    } finally {
      await gateway.close();
    }
  });

  it('maps --ollama-port onto the config: 0 turns the listener off, a port keeps the other settings', () => {
    expect(loadConfig({ file: configFile, env: {}, overrides: { ollamaPort: 0 } }).config.server.ollama).toBe(false);
    expect(loadConfig({ file: configFile, env: {}, overrides: { ollamaPort: 11500 } }).config.server.ollama).toEqual({
      host: '127.0.0.1',
      port: 11500,
      allowedHosts: ['airlock.internal'],
      allowedOrigins: [],
    });
    // No port in the file: the default applies, and a taken default is not fatal.
    expect(loadConfig({ file: configFile, env: {} }).config.server.ollama).toEqual({
      host: '127.0.0.1',
      allowedHosts: ['airlock.internal'],
      allowedOrigins: [],
    });
  });
});

/** Runs `airlock serve` from the sources until it prints that it listens, or exits. */
function runServe(args: string[], port = '0'): Promise<{ code: number | null; stderr: string }> {
  const script = `import('./src/cli/main.ts').then((module) => module.runMain(${JSON.stringify(['serve', '--config', configFile, '--data-dir', directory, '--port', port, ...args])}))`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--eval', script], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    env: { ...process.env, AIRLOCK_CONFIG: '' },
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.includes('Airlock listening on')) setTimeout(() => child.kill('SIGTERM'), 200);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('airlock serve --ollama-port', () => {
  it('0 serves without the Ollama listener', async () => {
    const { stderr } = await runServe(['--ollama-port', '0']);
    expect(stderr).toContain('Airlock listening on http://127.0.0.1:');
    expect(stderr).not.toContain('Ollama API on');
  });

  it('a taken port stops start with the reason and exit status 1', async () => {
    const { code, stderr } = await runServe(['--ollama-port', String(takenPort)]);
    expect(code).toBe(1);
    expect(stderr).toContain(`127.0.0.1:${takenPort} is already in use`);
    expect(stderr).not.toContain('Airlock listening on');
  });

  it('a taken main port stops start with an actionable message and exit status 1', async () => {
    const { code, stderr } = await runServe(['--ollama-port', '0'], String(takenPort));
    expect(code).toBe(1);
    expect(stderr).toContain(`Cannot listen on 127.0.0.1:${takenPort}: the port is in use. Choose another with --port N`);
  });
});
