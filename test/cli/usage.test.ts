import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import type { UsageRecord } from '../../src/store/types.js';
import { runCli, writeConfigFolder, type ConfigFolder } from '../admin/run-cli.js';
import { bearer, CLOUD_ENV, createCloudConfig } from '../auth/gateway-fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { TEST_DATABASE_URL, TestSchemas } from '../store/postgres-test-database.js';

const ADMIN_KEY = 'admin-secret-for-the-usage-cli-test';
const schemas = new TestSchemas();

beforeAll(() => {
  process.env['AIRLOCK_TEST_PG_URL'] = TEST_DATABASE_URL;
});
afterAll(() => schemas.dropAll());

const stores: [string, () => ConfigInput['store']][] = [
  ['sqlite', () => ({ kind: 'sqlite' })],
  ['postgres', () => ({ kind: 'postgres', urlEnv: 'AIRLOCK_TEST_PG_URL', schema: schemas.create() })],
];

let sequence = 0;
function row(time: string, fields: Partial<UsageRecord>): UsageRecord {
  sequence += 1;
  return {
    requestId: `req-${sequence}`,
    time: new Date(time),
    keyId: 'key_a',
    user: 'alice',
    team: 'platform',
    surface: 'openai',
    requestedModel: 'gpt-4o',
    destination: 'cloud',
    upstreamModel: 'gpt-4o-2024-08-06',
    inputTokens: 100,
    outputTokens: 50,
    estimated: false,
    costMicroUsd: 1_250_000,
    status: 200,
    outcome: 'ok',
    ...fields,
  };
}

const ROWS = [
  row('2026-03-01T10:00:00Z', {}),
  row('2026-03-02T10:00:00Z', { user: 'bob', inputTokens: 10, outputTokens: 5, costMicroUsd: 333 }),
  row('2026-03-03T10:00:00Z', {
    team: 'data',
    user: 'carol',
    requestedModel: 'local',
    destination: 'local',
    costMicroUsd: 0,
    estimated: true,
  }),
  row('2026-04-01T00:00:00Z', { team: null, user: 'dave', keyId: null, costMicroUsd: 7 }),
];

describe.each(stores)('airlock usage (%s)', (_name, store) => {
  let folder: ConfigFolder;
  let gateway: TestGateway;
  let flags: string[];

  beforeAll(async () => {
    const config = createCloudConfig('http://127.0.0.1:9', { store: store() }) as ConfigInput;
    folder = writeConfigFolder(config);
    gateway = await startTestGateway(
      config,
      { ...CLOUD_ENV, AIRLOCK_TEST_PG_URL: TEST_DATABASE_URL, AIRLOCK_ADMIN_KEYS: ADMIN_KEY },
      { dataDir: folder.directory },
    );
    for (const record of ROWS) await gateway.access.store.usage.record(record);
    flags = ['--config', folder.configFile];
  });

  afterAll(async () => {
    await gateway?.close();
    folder?.remove();
  });

  it('prints requests, tokens and spend by team with an exact total', async () => {
    const result = await runCli(['usage', ...flags]);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Usage by team, the beginning to now');
    expect(lines[1]).toMatch(/^team\s+requests\s+input tokens\s+output tokens\s+cost USD\s+estimated$/);
    expect(lines[2]).toMatch(/^platform\s+2\s+110\s+55\s+1\.250333\s+0$/);
    expect(lines[3]).toMatch(/^\(none\)\s+1\s+100\s+50\s+0\.000007\s+0$/);
    expect(lines[4]).toMatch(/^data\s+1\s+100\s+50\s+0\.000000\s+1$/);
    expect(lines[5]).toMatch(/^total\s+4\s+310\s+155\s+1\.250340\s+1$/);
  });

  it('filters by time window and groups by user, model or destination', async () => {
    const march = JSON.parse(
      (await runCli(['usage', ...flags, '--since', '2026-03-02', '--until', '2026-04-01', '--by', 'user', '--json'])).stdout,
    );
    expect(march.groups.map((group: { key: string }) => group.key)).toEqual(['bob', 'carol']);
    expect(march.total).toMatchObject({ requests: 2, costMicroUsd: 333, costUsd: '0.000333' });
    const byModel = JSON.parse((await runCli(['usage', ...flags, '--by', 'model', '--json'])).stdout);
    expect(byModel.groups).toEqual([
      expect.objectContaining({ key: 'gpt-4o', requests: 3 }),
      expect.objectContaining({ key: 'local', requests: 1, estimatedRequests: 1 }),
    ]);
    const byDestination = JSON.parse((await runCli(['usage', ...flags, '--by', 'destination', '--team', 'data', '--json'])).stdout);
    expect(byDestination.groups).toEqual([expect.objectContaining({ key: 'local', requests: 1 })]);
  });

  it('prints CSV a spreadsheet can read', async () => {
    const csv = (await runCli(['usage', ...flags, '--by', 'user', '--csv'])).stdout;
    expect(csv.split('\n')).toEqual([
      'user,requests,input_tokens,output_tokens,cost_usd,cost_micro_usd,estimated_requests',
      'alice,1,100,50,1.250000,1250000,0',
      'bob,1,10,5,0.000333,333,0',
      'dave,1,100,50,0.000007,7,0',
      'carol,1,100,50,0.000000,0,1',
      '',
    ]);
  });

  it('shows the same numbers as GET /admin/usage', async () => {
    for (const query of [{ by: 'team' }, { by: 'user', since: '2026-03-02' }, { by: 'day', team: 'platform' }] as Record<
      string,
      string
    >[]) {
      const cli = JSON.parse(
        (await runCli(['usage', ...flags, ...Object.entries(query).flatMap(([name, value]) => [`--${name}`, value]), '--json'])).stdout,
      );
      const response = await fetch(`${gateway.url}/admin/usage?${new URLSearchParams(query)}`, { headers: bearer(ADMIN_KEY) });
      expect(await response.json()).toEqual(cli);
    }
  });

  it('refuses an unknown grouping or both output formats', async () => {
    const grouping = await runCli(['usage', ...flags, '--by', 'planet']);
    expect(grouping.exitCode).toBe(1);
    expect(grouping.stderr).toContain('by must be one of team, user, model, destination');
    expect((await runCli(['usage', ...flags, '--json', '--csv'])).exitCode).toBe(1);
  });
});
