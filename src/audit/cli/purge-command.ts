import { defineCommand } from 'citty';
import { describeCliActor, type CommandEnvironment } from '../../admin/command-support.js';
import { storeArgs } from '../../cli/shared-args.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { createStore } from '../../store/create-store.js';
import { runAuditCommand } from './run-audit-command.js';

export interface PurgeFlags {
  config?: string | undefined;
  'data-dir'?: string | undefined;
  'older-than-days'?: string | undefined;
  'dry-run'?: boolean | undefined;
  json?: boolean | undefined;
}

/**
 * `airlock audit purge`: removes records older than N days (default `audit.retentionDays`), up
 * to a signed checkpoint per chain so that what remains still verifies; records a configured
 * forwarder has not delivered are kept. The purge is recorded as an admin event.
 */
export async function runPurge(flags: PurgeFlags, environment: CommandEnvironment = {}): Promise<void> {
  await runAuditCommand(flags, environment, async ({ service, output, loaded, env }) => {
    const text = flags['older-than-days'];
    const days = text === undefined ? loaded.config.audit.retentionDays : Number(text);
    if (days === undefined || !Number.isSafeInteger(days) || days < 1) {
      throw new AirlockError('INVALID_REQUEST', '--older-than-days must be a whole number of days ≥ 1 (or set audit.retentionDays).', {
        param: 'older-than-days',
      });
    }
    const dryRun = flags['dry-run'] === true;
    const chains = await service.purge(days, dryRun);
    const removed = chains.reduce((sum, chain) => sum + chain.removed, 0);
    if (!dryRun) {
      const store = createStore(loaded.config.store, { dataDir: loaded.dataDir, configDir: loaded.configDir, env });
      try {
        await store.adminEvents.record({ actor: describeCliActor(), action: 'audit.purge', detail: { olderThanDays: days, removed } });
      } finally {
        await store.close();
      }
    }
    if (flags.json) return output.stdout(`${JSON.stringify({ dryRun, data: chains })}\n`);
    for (const chain of chains) {
      const what =
        chain.startsAt === null
          ? `nothing removed (${chain.reason ?? 'nothing older'})`
          : `${chain.removed} entries ${dryRun ? 'would be ' : ''}removed; now starts at the checkpoint at seq ${chain.startsAt}`;
      output.stdout(`chain ${chain.replica}: ${what}\n`);
    }
    output.stdout(`${dryRun ? 'Dry run: ' : ''}${removed} entries older than ${days} day(s) ${dryRun ? 'would be' : 'were'} removed.\n`);
  });
}

export const purgeCommand = defineCommand({
  meta: { name: 'purge', description: 'Remove audit records older than N days, keeping what remains verifiable.' },
  args: {
    ...storeArgs,
    'older-than-days': { type: 'string', description: 'Age in days (default audit.retentionDays)' },
    'dry-run': { type: 'boolean', description: 'Only say what would be removed' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: ({ args }) => runPurge(args),
});
