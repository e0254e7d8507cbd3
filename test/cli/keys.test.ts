import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import { runCli, writeConfigFolder, type ConfigFolder } from '../admin/run-cli.js';
import { bearer, CLOUD_ENV, createCloudConfig, postChat, startAccountingUpstream, waitFor } from '../auth/gateway-fixtures.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { TEST_DATABASE_URL, TestSchemas } from '../store/postgres-test-database.js';

const schemas = new TestSchemas();
let upstream: LoopbackServer;

beforeAll(async () => {
  upstream = await startAccountingUpstream();
  process.env['AIRLOCK_TEST_PG_URL'] = TEST_DATABASE_URL;
});

afterAll(async () => {
  await upstream?.close();
  await schemas.dropAll();
});

const stores: [string, () => ConfigInput['store']][] = [
  ['sqlite', () => ({ kind: 'sqlite' })],
  ['postgres', () => ({ kind: 'postgres', urlEnv: 'AIRLOCK_TEST_PG_URL', schema: schemas.create() })],
];

describe.each(stores)('airlock keys against a running gateway’s store (%s)', (name, store) => {
  let folder: ConfigFolder;
  let gateway: TestGateway;
  let flags: string[];

  beforeAll(async () => {
    const config = createCloudConfig(upstream.url, { store: store(), auth: { anonymous: false, keyCacheTtlMs: 500 } }) as ConfigInput;
    folder = writeConfigFolder(config);
    gateway = await startTestGateway(config, { ...CLOUD_ENV, AIRLOCK_TEST_PG_URL: TEST_DATABASE_URL }, { dataDir: folder.directory });
    flags = ['--config', folder.configFile];
  });

  afterAll(async () => {
    await gateway?.close();
    folder?.remove();
  });

  it('creates a key that prints once, alone on stdout, and works on the running gateway at once', async () => {
    expect(gateway.access.store.kind).toBe(name);
    const created = await runCli([
      'keys',
      'create',
      ...flags,
      '--user',
      'alice',
      '--team',
      'platform',
      '--rpm',
      '5',
      '--budget',
      '10',
      '--soft-budget',
      '8',
      '--expires',
      '30d',
    ]);
    expect(created.exitCode).toBe(0);
    expect(created.stdout).toMatch(/^alk_[0-9A-Za-z]{40}\n$/);
    expect(created.stderr).toMatch(/^Created key key_\w+ for alice \(team platform\)\. It is shown only this once:\n$/);
    const key = created.stdout.trim();
    const response = await postChat(gateway.url, bearer(key));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('5');
  });

  it('lists keys with owner, status, limits and budget, never the secret', async () => {
    const created = await runCli(['keys', 'create', ...flags, '--user', 'bob', '--tpm', '1000', '--json']);
    const { key, record } = JSON.parse(created.stdout) as { key: string; record: { id: string } };
    const listed = await runCli(['keys', 'list', ...flags]);
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID\s+PREFIX\s+USER\s+TEAM\s+STATUS\s+RPM\s+TPM\s+CONC\s+BUDGET\s+EXPIRES$/);
    expect(listed.stdout).toMatch(/alice\s+platform\s+active\s+5\s+-\s+-\s+soft 8, hard 10 USD\/month\s+\d{4}-/);
    expect(listed.stdout).toContain(record.id);
    expect(listed.stdout).not.toContain(key);
    const json = JSON.parse((await runCli(['keys', 'list', ...flags, '--user', 'bob', '--json'])).stdout) as {
      data: { id: string; limits: unknown }[];
    };
    expect(json.data).toEqual([expect.objectContaining({ id: record.id, limits: { rpm: null, tpm: 1000, concurrency: null } })]);
  });

  it('updates limits, merging them, and records who did it', async () => {
    const created = JSON.parse((await runCli(['keys', 'create', ...flags, '--user', 'carol', '--tpm', '1000', '--json'])).stdout);
    const updated = await runCli(['keys', 'update', created.record.id, ...flags, '--rpm', '7', '--json']);
    expect(JSON.parse(updated.stdout)).toMatchObject({ limits: { rpm: 7, tpm: 1000 } });
    const [event] = await gateway.access.store.adminEvents.list({ action: 'key.update', target: created.record.id });
    expect(event?.actor).toBe(`cli:${os.userInfo().username}`);
  });

  it('rotates (new secret printed once, old refused) and revokes (refused within the cache TTL)', async () => {
    const created = JSON.parse((await runCli(['keys', 'create', ...flags, '--user', 'dave', '--json'])).stdout);
    expect((await postChat(gateway.url, bearer(created.key))).status).toBe(200);
    const rotated = await runCli(['keys', 'rotate', created.record.id, ...flags]);
    const newKey = rotated.stdout.trim();
    expect(newKey).toMatch(/^alk_/);
    expect(newKey).not.toBe(created.key);
    await waitFor(async () => (await postChat(gateway.url, bearer(created.key))).status === 401, 2_000);
    expect((await postChat(gateway.url, bearer(newKey))).status).toBe(200);
    const revoked = await runCli(['keys', 'revoke', created.record.id, ...flags]);
    expect(revoked.stdout).toContain(`Revoked ${created.record.id}`);
    const tookMs = await waitFor(async () => (await postChat(gateway.url, bearer(newKey))).status === 401, 3_000);
    expect(tookMs).toBeLessThan(1_500);
    expect((await runCli(['keys', 'list', ...flags, '--user', 'dave'])).stdout).toContain('revoked');
  });

  it('reports bad input and unknown keys in one line with exit status 1', async () => {
    const bad = await runCli(['keys', 'create', ...flags, '--user', 'erin', '--rpm', '-3']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe('error: --rpm must be a whole number (or "none"). (INVALID_REQUEST)\n');
    expect(bad.stdout).toBe('');
    const expiry = await runCli(['keys', 'create', ...flags, '--user', 'erin', '--expires', 'tomorrow']);
    expect(expiry.exitCode).toBe(1);
    expect(expiry.stderr).toContain('expires must be an ISO date');
    const unknown = await runCli(['keys', 'revoke', 'key_nosuchkey', ...flags]);
    expect(unknown).toMatchObject({ exitCode: 1, stderr: 'error: No key key_nosuchkey. (RESOURCE_NOT_FOUND)\n' });
  });
});

describe('airlock keys --data-dir', () => {
  it('finds the same SQLite file as serve --data-dir', async () => {
    const folder = writeConfigFolder(createCloudConfig(upstream.url) as ConfigInput);
    try {
      const gateway = await startTestGateway(createCloudConfig(upstream.url, { auth: { anonymous: false } }), CLOUD_ENV, {
        dataDir: folder.directory,
      });
      try {
        const created = await runCli(['keys', 'create', '--data-dir', folder.directory, '--user', 'frank']);
        expect((await postChat(gateway.url, bearer(created.stdout.trim()))).status).toBe(200);
      } finally {
        await gateway.close();
      }
    } finally {
      folder.remove();
    }
  });

  it('reports an unreadable config with exit status 2', async () => {
    const result = await runCli(['keys', 'list', '--config', '/nonexistent/airlock.yaml']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('cannot read');
  });
});
