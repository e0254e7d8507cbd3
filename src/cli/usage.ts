import { defineCommand } from 'citty';
import { processOutput, runStoreCommand } from '../admin/command-support.js';
import { AirlockError } from '../errors/airlock-error.js';
import { buildUsageReport, parseUsageQuery, renderUsageCsv, renderUsageTable, USAGE_GROUPINGS } from '../usage/usage-report.js';
import { storeArgs } from './shared-args.js';

/**
 * `airlock usage`: requests, tokens and spend from the gateway's usage table, grouped by team,
 * user, model, destination, key or day — the same report as `GET /admin/usage`.
 */
export const usageCommand = defineCommand({
  meta: { name: 'usage', description: 'Print requests, tokens and spend, grouped by team, user, model or destination.' },
  args: {
    ...storeArgs,
    since: { type: 'string', description: 'From (inclusive): a date (2026-07-01), a date-time with zone, or a duration back (30d)' },
    until: { type: 'string', description: 'To (exclusive), same forms' },
    by: { type: 'string', description: `Group by: ${USAGE_GROUPINGS.join(', ')} (default team)` },
    team: { type: 'string', description: 'Only this team' },
    user: { type: 'string', description: 'Only this user' },
    key: { type: 'string', description: 'Only this key id' },
    json: { type: 'boolean', description: 'Print JSON (as the admin API returns it)' },
    csv: { type: 'boolean', description: 'Print CSV' },
  },
  async run({ args }) {
    await runStoreCommand(args, {}, async (store) => {
      if (args.json && args.csv) throw new AirlockError('INVALID_REQUEST', 'Choose one of --json and --csv.');
      const report = await buildUsageReport(store, parseUsageQuery(args));
      processOutput.stdout(args.json ? `${JSON.stringify(report)}\n` : args.csv ? renderUsageCsv(report) : renderUsageTable(report));
    });
  },
});
