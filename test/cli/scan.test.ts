import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScanConfig } from '../../src/cli/scan.js';
import { createDefaultInspectConfig } from '../../src/config/inspect-schema.js';
import { runScan, type ScanIo } from '../../src/inspect/scan/run-scan.js';
import { ALPHABETS, randomString, reseed } from '../inspect/helpers/synthetic.js';

reseed(5);
const AWS_KEY = `AKIA${randomString(ALPHABETS.base32, 16)}`;
const STRIPE_KEY = `sk_live_${randomString(ALPHABETS.alnum, 32)}`;
const PYTHON =
  'def main(argv):\n    if argv is None:\n        return 1\n    elif len(argv) > 2:\n        raise ValueError("too many")\n    return self.run(argv)\n';

let root: string;

function write(relative: string, content: string | Buffer): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

async function scan(
  paths: string[],
  options: { json?: boolean; stdin?: string; config?: ReturnType<typeof createDefaultInspectConfig> } = {},
) {
  let stdout = '';
  let stderr = '';
  const io: ScanIo = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: async () => options.stdin ?? '',
    cwd: root,
  };
  const exitCode = await runScan({ paths, json: options.json ?? false, config: options.config ?? createDefaultInspectConfig() }, io);
  return { exitCode, stdout, stderr };
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'airlock-scan-'));
  mkdirSync(path.join(root, '.git'));
  write('.git/config', `[core]\n  token = ${STRIPE_KEY}\n`);
  write('.gitignore', 'build/\n*.log\n');
  write('app/.env', `AWS_ACCESS_KEY_ID=${AWS_KEY}\n`);
  write('app/main.py', PYTHON);
  write('app/readme.txt', 'Nothing to see here.\n');
  write('app/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, ...Buffer.from(AWS_KEY)]));
  write('app/.gitignore', 'secrets.txt\n');
  write('app/secrets.txt', `stripe ${STRIPE_KEY}\n`);
  write('build/out.js', `const key = "${AWS_KEY}";\n`);
  write('debug.log', `key ${AWS_KEY}\n`);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('airlock scan', () => {
  it('prints exactly one JSON object for one file, and exits 1 on findings', async () => {
    const result = await scan(['app/.env'], { json: true });
    expect(result.exitCode).toBe(1);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const start = 'AWS_ACCESS_KEY_ID='.length;
    expect(JSON.parse(result.stdout)).toEqual({
      classification: 'restricted',
      findings: [{ category: 'secret', type: 'aws_access_key_id', start, end: start + 20, confidence: 0.95 }],
    });
    expect(result.stdout).not.toContain(AWS_KEY);
  });

  it('exits 0 on a clean file', async () => {
    const result = await scan(['app/readme.txt'], { json: true });
    expect(result).toEqual({ exitCode: 0, stdout: '{"classification":"public","findings":[]}\n', stderr: '' });
  });

  it('lists code as source_code without failing the scan', async () => {
    const result = await scan(['app/main.py'], { json: true });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      classification: 'internal',
      findings: [{ category: 'code', type: 'source_code', start: 0, end: PYTHON.length, confidence: expect.any(Number) }],
    });
  });

  it('walks a directory with one JSON line per file, skipping .git, binaries and what .gitignore files ignore', async () => {
    const result = await scan(['.'], { json: true });
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { path: string; classification: string });
    expect(lines.map((line) => line.path)).toEqual(['.gitignore', 'app/.env', 'app/.gitignore', 'app/main.py', 'app/readme.txt']);
    expect(lines.find((line) => line.path === 'app/.env')?.classification).toBe('restricted');
    expect(result.exitCode).toBe(1);
  });

  it('applies the .gitignore of ancestors up to the repository root when scanning a subdirectory', async () => {
    write('build/nested/inner.txt', 'x');
    const result = await scan(['build', 'app/readme.txt'], { json: true });
    expect(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { path: string }).path),
    ).toEqual(['app/readme.txt']);
  });

  it('scans files named explicitly even when ignored', async () => {
    const result = await scan(['debug.log'], { json: true });
    expect((JSON.parse(result.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
  });

  it('reads stdin for -', async () => {
    const result = await scan(['-'], { json: true, stdin: `deploy key ${STRIPE_KEY}` });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ classification: 'restricted', findings: [{ type: 'stripe_secret_key', start: 11 }] });
  });

  it('prints file, line, type and a masked value for people', async () => {
    const result = await scan(['app', 'debug.log']);
    expect(result.stdout).toContain('app/.env:1:19  aws_access_key_id [secret, 0.95]  AKIA');
    expect(result.stdout).toContain('app/main.py:1:1  source_code (python)');
    expect(result.stdout).toContain('debug.log:1:5  aws_access_key_id');
    expect(result.stdout).toMatch(/5 scanned, 2 with findings\n$/);
    expect(result.stdout).not.toContain(AWS_KEY);
    expect(result.stdout).not.toContain(STRIPE_KEY);
  });

  it('exits 2 on a missing path, after scanning the others', async () => {
    const result = await scan(['nope.txt', 'app/.env'], { json: true });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('airlock scan: nope.txt: ENOENT\n');
    expect(result.stdout).toContain('"path":"app/.env"');
  });

  it('takes the inspect: section from --config', async () => {
    write('airlock.yaml', 'server:\n  port: 9999\ninspect:\n  internalDomains: [corp.acme.com]\n  disabledDetectors: [source_code]\n');
    const config = loadScanConfig(path.join(root, 'airlock.yaml'));
    const result = await scan(['-'], { json: true, stdin: 'ssh build7.corp.acme.com', config });
    expect(JSON.parse(result.stdout)).toEqual({
      classification: 'confidential',
      findings: [{ category: 'config', type: 'internal_hostname', start: 4, end: 24, confidence: 0.9 }],
    });
    write('bad.yaml', 'inspect:\n  internalDomains: ["not a domain"]\n  decode: { maxDepth: 99 }\n');
    expect(() => loadScanConfig(path.join(root, 'bad.yaml'))).toThrow(/inspect\.internalDomains\.0.*\n.*inspect\.decode\.maxDepth/s);
  });

  const built = existsSync(path.join(import.meta.dirname, '../../dist/cli/scan.js'));
  it.skipIf(!built)('runs as bin/airlock.js scan (needs `npm run build`; skipped when dist/ is absent)', () => {
    const bin = path.join(import.meta.dirname, '../../bin/airlock.js');
    const found = spawnSync(process.execPath, [bin, 'scan', '--json', '-'], { input: `key ${AWS_KEY}`, encoding: 'utf8' });
    expect(found.status).toBe(1);
    expect(JSON.parse(found.stdout)).toMatchObject({ classification: 'restricted', findings: [{ type: 'aws_access_key_id' }] });
    const clean = spawnSync(process.execPath, [bin, 'scan', path.join(root, 'app/readme.txt')], { encoding: 'utf8' });
    expect(clean.status).toBe(0);
    const broken = spawnSync(process.execPath, [bin, 'scan', '--config', path.join(root, 'bad.yaml'), '-'], {
      input: '',
      encoding: 'utf8',
    });
    expect(broken.status).toBe(2);
  });
});
