/**
 * `airlock audit …` against the store of a running gateway, on SQLite and PostgreSQL, through the
 * real command tree; and the admin API's audit routes, which must agree with the CLI.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLookup } from '../../src/audit/cli/lookup-command.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { runCli, writeConfigFolder, type ConfigFolder } from '../admin/run-cli.js';
import { bearer, issueKey, postChat, startAccountingUpstream, waitFor } from '../auth/gateway-fixtures.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { TEST_DATABASE_URL, TestSchemas } from '../store/postgres-test-database.js';
import { ADMIN_KEY, AUDITED_ENV, createAuditedConfig, LEAKED_AWS_KEY } from '../audit/audit-gateway-fixtures.js';

const schemas = new TestSchemas();
const ENV = { ...AUDITED_ENV, AIRLOCK_TEST_PG_URL: TEST_DATABASE_URL };
const saved = new Map<string, string | undefined>();

beforeAll(() => {
  // The CLI reads the environment as an operator's shell would have it.
  for (const [name, value] of Object.entries(ENV)) {
    saved.set(name, process.env[name]);
    process.env[name] = value;
  }
});
afterAll(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await schemas.dropAll();
});

const stores: [string, () => ConfigInput['store']][] = [
  ['sqlite', () => ({ kind: 'sqlite' })],
  ['postgres', () => ({ kind: 'postgres', urlEnv: 'AIRLOCK_TEST_PG_URL', schema: schemas.create() })],
];

const chat = (content: string) => ({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
const month = new Date().toISOString().slice(0, 7);

describe.each(stores)('airlock audit (%s)', (backend, store) => {
  let upstream: LoopbackServer;
  let folder: ConfigFolder;
  let gateway: TestGateway;
  let flags: string[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    upstream = await startAccountingUpstream();
    const config = createAuditedConfig(upstream.url, { store: store() }) as ConfigInput;
    folder = writeConfigFolder(config);
    gateway = await startTestGateway(config, ENV, { dataDir: folder.directory });
    flags = ['--config', folder.configFile];
    const key = await issueKey(gateway, { user: 'ada', team: 'platform' });
    const send = async (label: string, content: string, headers: Record<string, string> = {}) => {
      const response = await postChat(gateway.url, headers, chat(content));
      ids[label] = response.headers.get('x-airlock-request-id') ?? '';
    };
    await send('allowed', 'Say hello', bearer(key));
    await send('blocked', `use ${LEAKED_AWS_KEY} for the deploy`, bearer(key));
    await send('anonymous', 'Say hello again');
    await waitFor(
      async () =>
        JSON.parse((await runCli(['audit', 'query', ...flags, '--json'])).stdout).data.every(
          (record: { outcome: unknown }) => record.outcome !== null,
        ),
      5_000,
    );
  });

  afterAll(async () => {
    await gateway?.close();
    await upstream?.close();
    folder?.remove();
  });

  it('queries records as a table, JSON or CSV, with filters', async () => {
    const table = await runCli(['audit', 'query', ...flags]);
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^time\s+request\s+user\s+team\s+action\s+class\s+destination\s+model\s+outcome\s+findings\s+tokens\s+cost usd$/,
    );
    expect(lines).toHaveLength(4);
    expect(lines.find((line) => line.includes(ids['blocked'] ?? '?'))).toMatch(
      /ada\s+platform\s+block\s+restricted\s+-\s+gpt-4o\s+POLICY_BLOCKED\s+aws_access_key_id×1/,
    );
    const blocked = JSON.parse((await runCli(['audit', 'query', ...flags, '--action', 'block', '--json'])).stdout);
    expect(blocked.data.map((record: { requestId: string }) => record.requestId)).toEqual([ids['blocked']]);
    const csv = (await runCli(['audit', 'query', ...flags, '--team', 'platform', '--csv'])).stdout.split('\r\n');
    expect(csv[0]).toBe(
      'time,request_id,replica,user,team,key_id,surface,client,requested_model,classification,effective_classification,action,rule,destination,upstream_model,status,outcome,findings,input_tokens,output_tokens,estimated,cost_usd,latency_ms',
    );
    expect(csv.filter((line) => line !== '')).toHaveLength(3);
    const typo = await runCli(['audit', 'query', ...flags, '--classification', 'secret']);
    expect(typo.exitCode).toBe(1);
    expect(typo.stderr).toContain('classification must be public, internal, confidential or restricted');
  });

  it('reports a month: destination × classification, and which teams were blocked, as the admin API does', async () => {
    const text = await runCli(['audit', 'report', ...flags, '--month', month]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('3 request(s)');
    expect(text.stdout).toMatch(/cloud\s+enterprise\s+2\s+0\s+0\s+0\s+2/);
    expect(text.stdout).toMatch(/\(not sent\)\s+-\s+0\s+0\s+0\s+1\s+1/);
    expect(text.stdout).toContain('No restricted data reached a cloud destination.');
    expect(text.stdout).toMatch(/platform\s+block\s+1/);
    const cli = JSON.parse((await runCli(['audit', 'report', ...flags, '--month', month, '--json'])).stdout);
    const api = await fetch(`${gateway.url}/admin/audit/report?month=${month}`, { headers: bearer(ADMIN_KEY) });
    expect(await api.json()).toEqual(cli);
  });

  it('looks a leaked value up from a file or stdin, never from an argument', async () => {
    const valueFile = path.join(folder.directory, 'leaked.txt');
    writeFileSync(valueFile, `${LEAKED_AWS_KEY}\n`, { mode: 0o600 });
    const found = await runCli(['audit', 'lookup', ...flags, '--value-file', valueFile]);
    expect(found.exitCode).toBe(0);
    expect(found.stdout).toContain('1 request(s) carried the value');
    expect(found.stdout).toContain(ids['blocked']);
    expect(found.stdout + found.stderr).not.toContain(LEAKED_AWS_KEY);
    const asArgument = await runCli(['audit', 'lookup', ...flags, LEAKED_AWS_KEY]);
    expect(asArgument.exitCode).toBe(1);
    expect(asArgument.stderr).toContain('shell history');
    const output: string[] = [];
    const { Readable } = await import('node:stream');
    await runLookup(
      { config: folder.configFile, source: '-', json: true },
      {
        stdin: Readable.from([`export AWS_ACCESS_KEY_ID=${LEAKED_AWS_KEY}\n`]),
        output: { stdout: (text) => output.push(text), stderr: () => undefined },
      },
    );
    expect(JSON.parse(output.join('')).data.map((record: { requestId: string }) => record.requestId)).toEqual([ids['blocked']]);
    const api = await fetch(`${gateway.url}/admin/audit/lookup`, {
      method: 'POST',
      headers: { ...bearer(ADMIN_KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ value: LEAKED_AWS_KEY }),
    });
    expect(((await api.json()) as { data: { requestId: string }[] }).data.map((record) => record.requestId)).toEqual([ids['blocked']]);
    const events = (await gateway.access.store.adminEvents.list({ action: 'audit.lookup' })).map((event) => event.detail);
    expect(events).toEqual([{ fingerprints: expect.any(Number), matches: 1 }]);
  });

  it('exports JSON Lines to a private file and over the admin API', async () => {
    const file = path.join(folder.directory, 'export.jsonl');
    const result = await runCli(['audit', 'export', ...flags, '--output', file]);
    expect(result.exitCode).toBe(0);
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { requestId: string });
    expect(lines.map((line) => line.requestId).sort()).toEqual(Object.values(ids).sort());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const api = await fetch(`${gateway.url}/admin/audit/export`, { headers: bearer(ADMIN_KEY) });
    expect(api.headers.get('content-type')).toContain('application/x-ndjson');
    expect((await api.text()).trimEnd().split('\n')).toHaveLength(3);
    expect((await fetch(`${gateway.url}/admin/audit/export`)).status).toBe(401);
  });

  it('purges nothing younger than the retention and says so', async () => {
    const result = await runCli(['audit', 'purge', ...flags, '--older-than-days', '30', '--dry-run']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Dry run: 0 entries older than 30 day(s) would be removed.');
    const refused = await runCli(['audit', 'purge', ...flags]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('--older-than-days');
  });

  it('verifies: exit 0 when intact, 1 naming the record when someone edits the log', async () => {
    const intact = await runCli(['audit', 'verify', ...flags]);
    expect(intact.stdout).toContain('The audit log is intact.');
    expect(intact.exitCode).toBe(0);
    const api = await fetch(`${gateway.url}/admin/audit/verify`, { headers: bearer(ADMIN_KEY) });
    expect(await api.json()).toMatchObject({ intact: true, problems: [] });
    // An insider rewrites who sent the blocked request.
    const sql = 'UPDATE audit_entries SET user_name = $1 WHERE request_id = $2';
    if (backend === 'sqlite') {
      const file = new Database(path.join(folder.directory, 'airlock.db'));
      file.prepare(sql.replace('$1', '?').replace('$2', '?')).run('nobody', ids['blocked']);
      file.close();
    } else {
      const schema = (gateway.gateway.loaded.config.store as { schema: string }).schema;
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
      await client.connect();
      await client.query(sql, ['nobody', ids['blocked']]);
      await client.end();
    }
    const broken = await runCli(['audit', 'verify', ...flags]);
    expect(broken.exitCode).toBe(1);
    expect(broken.stdout).toMatch(
      new RegExp(`CHANGED in chain \\S+ at seq \\d+: seq \\d+ \\(complete of request ${ids['blocked']}\\) was changed`),
    );
    expect(broken.stdout).toContain('The audit log is NOT intact: 1 problem(s).');
  });
});
