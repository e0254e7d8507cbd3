import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../admin/run-cli.js';

let dataDir: string;
let flags: string[];

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'airlock-teams-cli-'));
  flags = ['--data-dir', dataDir];
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('airlock teams (the team side of keys)', () => {
  it('sets a team’s limits and budget, keeping what a later call does not change', async () => {
    const first = await runCli([
      'teams',
      'set',
      'platform',
      ...flags,
      '--rpm',
      '600',
      '--budget',
      '500',
      '--soft-budget',
      '400',
      '--description',
      'Platform engineering',
    ]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(
      /^TEAM\s+RPM\s+TPM\s+CONC\s+BUDGET\s+DESCRIPTION\nplatform\s+600\s+-\s+-\s+soft 400, hard 500 USD\/month\s+Platform engineering\n$/,
    );
    const second = JSON.parse((await runCli(['teams', 'set', 'platform', ...flags, '--tpm', '100000', '--json'])).stdout);
    expect(second).toMatchObject({
      id: 'platform',
      description: 'Platform engineering',
      limits: { rpm: 600, tpm: 100_000, concurrency: null },
      budget: { period: 'month', softUsd: 400, hardUsd: 500 },
    });
    const cleared = JSON.parse(
      (await runCli(['teams', 'set', 'platform', ...flags, '--rpm', 'none', '--budget', 'none', '--json'])).stdout,
    );
    expect(cleared).toMatchObject({ limits: { rpm: null, tpm: 100_000 }, budget: null });
  });

  it('lists teams and refuses a period without a budget', async () => {
    await runCli(['teams', 'set', 'data', ...flags, '--concurrency', '4']);
    const listed = await runCli(['teams', 'list', ...flags]);
    expect(
      listed.stdout
        .split('\n')
        .slice(1, 3)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['data', 'platform']);
    const bad = await runCli(['teams', 'set', 'data', ...flags, '--period', 'day']);
    expect(bad).toMatchObject({ exitCode: 1, stderr: 'error: --period needs --budget or --soft-budget. (INVALID_REQUEST)\n' });
  });
});
