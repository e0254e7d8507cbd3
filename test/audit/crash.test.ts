/**
 * Durability, for real: gateway processes under load killed with SIGKILL and restarted. Every
 * request that got a response must have its record, and `airlock audit verify` (a separate
 * process, its real exit status) must pass. On SQLite with one process; on PostgreSQL with two
 * replicas writing at once, one of them killed mid-load.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createCloudConfig, postChat, startAccountingUpstream } from '../auth/gateway-fixtures.js';
import { startGatewayProcess, type GatewayProcess } from '../fleet/gateway-process.js';
import { TEST_DATABASE_URL, TestSchemas } from '../store/postgres-test-database.js';
import { LEAKED_AWS_KEY } from './audit-gateway-fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const schemas = new TestSchemas();
const directories: string[] = [];
const processes: GatewayProcess[] = [];

afterAll(async () => {
  await Promise.all(processes.map((process) => process.stop()));
  await schemas.dropAll();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

interface Answered {
  id: string;
  status: number;
}

/** Keeps `concurrency` clients busy until stopped; every fifth request carries an AWS key (refused). */
function startLoad(urls: () => string[], concurrency: number): { stop(): Promise<Answered[]> } {
  const answered: Answered[] = [];
  let running = true;
  let count = 0;
  const client = async (): Promise<void> => {
    while (running) {
      count += 1;
      const targets = urls();
      const url = targets[count % targets.length] as string;
      const content = count % 5 === 0 ? `deploy with ${LEAKED_AWS_KEY}` : `question ${count}`;
      try {
        const response = await postChat(url, {}, { model: 'gpt-4o', messages: [{ role: 'user', content }] });
        answered.push({ id: response.headers.get('x-airlock-request-id') ?? '', status: response.status });
      } catch {
        // The process died under this request: no response, nothing is promised.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const clients = Array.from({ length: concurrency }, client);
  return {
    async stop() {
      running = false;
      await Promise.all(clients);
      return answered;
    },
  };
}

async function runAudit(args: string[], env: Record<string, string>): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/fleet/run-airlock.ts'), 'audit', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, AIRLOCK_CONFIG: '' },
      maxBuffer: 256 * 1024 * 1024,
    });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; code?: number };
    return { stdout: failed.stdout ?? '', code: failed.code ?? -1 };
  }
}

async function kill(gateway: GatewayProcess): Promise<void> {
  const exited = once(gateway.child, 'exit');
  gateway.child.kill('SIGKILL');
  await exited;
}

function writeConfig(directory: string, store: Record<string, unknown>, upstreamUrl: string): string {
  const file = path.join(directory, 'airlock.yaml');
  writeFileSync(
    file,
    stringify(
      createCloudConfig(upstreamUrl, {
        server: { host: '127.0.0.1', port: 0, ollama: false },
        log: { level: 'warn' },
        auth: { anonymous: true },
        store,
        policy: { rules: [{ name: 'no-aws-keys', when: { types: ['aws_access_key_id'] }, action: 'block' }] },
      }),
    ),
  );
  return file;
}

/** Every answered request has its record; verify passes with exit status 0. */
async function expectEveryAnsweredRecorded(
  answered: Answered[],
  configFile: string,
  dataDir: string,
  env: Record<string, string>,
): Promise<void> {
  const verify = await runAudit(['verify', '--config', configFile, '--data-dir', dataDir], env);
  expect(verify.stdout).toContain('The audit log is intact.');
  expect(verify.code).toBe(0);
  const query = await runAudit(['query', '--config', configFile, '--data-dir', dataDir, '--json', '--limit', '100000'], env);
  const records = new Map(
    (JSON.parse(query.stdout) as { data: { requestId: string; outcome: string | null }[] }).data.map((record) => [
      record.requestId,
      record,
    ]),
  );
  const missing = answered.filter((request) => !records.has(request.id));
  expect(missing).toEqual([]);
  for (const request of answered.filter((candidate) => candidate.status === 403))
    expect(records.get(request.id)?.outcome).toBe('POLICY_BLOCKED');
}

describe('audit durability under kill -9', () => {
  it('SQLite: a gateway killed under load and restarted has a record of every answered request, and verifies', async () => {
    const upstream = await startAccountingUpstream();
    const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-crash-'));
    directories.push(directory);
    const configFile = writeConfig(directory, { kind: 'sqlite' }, upstream.url);
    const env = { CLOUD_KEY: 'sk-test' };
    let gateway = await startGatewayProcess('gateway', configFile, directory, env);
    processes.push(gateway);
    const load = startLoad(() => [gateway.url], 8);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await kill(gateway);
    gateway = await startGatewayProcess('gateway, restarted', configFile, directory, env);
    processes.push(gateway);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const answered = await load.stop();
    await gateway.stop();
    await upstream.close();
    expect(answered.filter((request) => request.status === 200).length).toBeGreaterThan(50);
    expect(answered.filter((request) => request.status === 403).length).toBeGreaterThan(5);
    await expectEveryAnsweredRecorded(answered, configFile, directory, env);
    // The restarted process continued the chain of the one it replaced (its holder was dead).
    const verify = JSON.parse((await runAudit(['verify', '--config', configFile, '--data-dir', directory, '--json'], env)).stdout) as {
      chains: unknown[];
    };
    expect(verify.chains).toHaveLength(1);
  }, 60_000);

  it('PostgreSQL: two replicas writing at once, one killed and restarted mid-load, both chains verify', async () => {
    const upstream = await startAccountingUpstream();
    const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-crash-pg-'));
    directories.push(directory);
    const configFile = writeConfig(directory, { kind: 'postgres', urlEnv: 'AIRLOCK_DATABASE_URL', schema: schemas.create() }, upstream.url);
    // A fleet shares the checkpoint key and the fingerprint key through the environment.
    const env = {
      CLOUD_KEY: 'sk-test',
      AIRLOCK_DATABASE_URL: TEST_DATABASE_URL,
      AIRLOCK_AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      AIRLOCK_FINGERPRINT_KEY: randomBytes(32).toString('hex'),
    };
    const replicas = await Promise.all(
      ['a', 'b'].map((name) => startGatewayProcess(`replica ${name}`, configFile, path.join(directory, name), env)),
    );
    processes.push(...replicas);
    const load = startLoad(() => replicas.map((replica) => replica.url), 8);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await kill(replicas[0] as GatewayProcess);
    replicas[0] = await startGatewayProcess('replica a, restarted', configFile, path.join(directory, 'a'), env);
    processes.push(replicas[0]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const answered = await load.stop();
    await Promise.all(replicas.map((replica) => replica.stop()));
    await upstream.close();
    expect(answered.filter((request) => request.status === 200).length).toBeGreaterThan(50);
    await expectEveryAnsweredRecorded(answered, configFile, path.join(directory, 'a'), env);
    const verify = JSON.parse(
      (await runAudit(['verify', '--config', configFile, '--data-dir', path.join(directory, 'b'), '--json'], env)).stdout,
    ) as { chains: { replica: string; entries: number }[] };
    expect(verify.chains).toHaveLength(2);
    expect(verify.chains.every((chain) => chain.entries > 20)).toBe(true);
  }, 90_000);
});
