import { readFileSync } from 'node:fs';
import { defineCommand } from 'citty';
import type { CommandEnvironment } from '../../admin/command-support.js';
import { storeArgs } from '../../cli/shared-args.js';
import { AirlockError } from '../../errors/airlock-error.js';
import type { ChainResult } from '../verify/verify-chain.js';
import type { VerifyReport } from '../verify/verify-log.js';
import { runAuditCommand } from './run-audit-command.js';

export interface VerifyFlags {
  config?: string | undefined;
  'data-dir'?: string | undefined;
  'public-key'?: string | undefined;
  json?: boolean | undefined;
}

function describeChain(chain: ChainResult): string {
  if (chain.entries === 0) return `chain ${chain.replica}: empty`;
  // Past the first problem nothing is checked, so only the chain's size is worth saying.
  if (chain.problem) return `chain ${chain.replica}: ${chain.entries} entries (seq ${chain.firstSeq}–${chain.lastSeq}): NOT INTACT`;
  const parts = [
    `chain ${chain.replica}: ${chain.entries} entries (seq ${chain.firstSeq}–${chain.lastSeq})`,
    chain.anchor === 'checkpoint' ? 'starting at a signed checkpoint (older entries purged)' : 'from its first entry',
    chain.lastCheckpointSeq === null
      ? 'no signed checkpoint yet'
      : `${chain.checkpoints} signed checkpoint(s), the last at seq ${chain.lastCheckpointSeq}`,
  ];
  if (chain.unsealed > 0) parts.push(`${chain.unsealed} entries not yet under a checkpoint`);
  if (chain.openDecisions > 0) parts.push(`${chain.openDecisions} request(s) without an outcome yet`);
  return `${parts.join(', ')}: intact`;
}

export function renderVerifyReport(report: VerifyReport): string {
  const lines = report.chains.map(describeChain);
  if (report.chains.length === 0) lines.push('The audit log is empty.');
  for (const problem of report.problems)
    lines.push(`  ${problem.kind.toUpperCase()} in chain ${problem.replica} at seq ${problem.seq}: ${problem.message}`);
  lines.push(report.intact ? 'The audit log is intact.' : `The audit log is NOT intact: ${report.problems.length} problem(s).`);
  return `${lines.join('\n')}\n`;
}

/**
 * `airlock audit verify`: checks every chain and checkpoint and names the first record changed,
 * deleted, inserted or reordered. Exit status 0 when intact, 1 when not.
 */
export async function runVerify(flags: VerifyFlags, environment: CommandEnvironment = {}): Promise<void> {
  await runAuditCommand(flags, environment, async ({ service, output }) => {
    const files = flags['public-key'] ? flags['public-key'].split(',').filter((name) => name !== '') : [];
    const keys = files.map((file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        throw new AirlockError('INVALID_REQUEST', `The public key file ${file} cannot be read.`, { param: 'public-key' });
      }
    });
    const report = await service.verify(keys);
    output.stdout(flags.json ? `${JSON.stringify(report)}\n` : renderVerifyReport(report));
    if (!report.intact) process.exitCode = 1;
  });
}

export const verifyCommand = defineCommand({
  meta: { name: 'verify', description: 'Check every hash chain and signed checkpoint; exit 0 when intact, 1 when not.' },
  args: {
    ...storeArgs,
    'public-key': {
      type: 'string',
      description: 'Trusted checkpoint key file(s), comma-separated (SPKI PEM), besides audit.verifyKeys and the local signing key',
    },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: ({ args }) => runVerify(args),
});
