import { defineCommand } from 'citty';
import type { CommandEnvironment } from '../../admin/command-support.js';
import { storeArgs } from '../../cli/shared-args.js';
import { parseRecordFilter, type RecordFilterInput } from '../parse-period.js';
import { renderRecordCsv, renderRecordTable } from './render-records.js';
import { checkFormatFlags, runAuditCommand } from './run-audit-command.js';

export const filterArgs = {
  since: { type: 'string', description: 'From (inclusive): a date (2026-07-01), a date-time with zone, or a duration back (7d)' },
  until: { type: 'string', description: 'To (exclusive), same forms' },
  month: { type: 'string', description: 'A calendar month, UTC (2026-11), instead of --since/--until' },
  user: { type: 'string', description: 'Only this user' },
  team: { type: 'string', description: 'Only this team' },
  destination: { type: 'string', description: 'Only requests answered by this destination' },
  classification: { type: 'string', description: 'Only this classification (as received): public, internal, confidential, restricted' },
  action: { type: 'string', description: 'Only this policy action: allow, redact, reroute, block, monitor' },
  outcome: { type: 'string', description: 'Only this outcome: ok, or an error code (RATE_LIMITED, POLICY_BLOCKED…)' },
  request: { type: 'string', description: 'Only this request id' },
} as const;

export interface QueryFlags extends RecordFilterInput {
  config?: string | undefined;
  'data-dir'?: string | undefined;
  json?: boolean | undefined;
  csv?: boolean | undefined;
  content?: boolean | undefined;
}

/** `airlock audit query`: records matching the filters, oldest first, as a table, JSON or CSV. */
export async function runQuery(flags: QueryFlags, environment: CommandEnvironment = {}): Promise<void> {
  await runAuditCommand(flags, environment, async ({ service, output }) => {
    checkFormatFlags(flags);
    const records = await service.query(parseRecordFilter(flags), { content: flags.content === true });
    output.stdout(
      flags.json ? `${JSON.stringify({ data: records })}\n` : flags.csv ? renderRecordCsv(records) : renderRecordTable(records),
    );
  });
}

export const queryCommand = defineCommand({
  meta: { name: 'query', description: 'List audit records: who sent what class of data where, decided why.' },
  args: {
    ...storeArgs,
    ...filterArgs,
    limit: { type: 'string', description: 'At most this many records (default 1000)' },
    content: { type: 'boolean', description: 'Decrypt captured prompt/completion text (needs the capture key in the environment)' },
    json: { type: 'boolean', description: 'Print JSON (as the admin API returns it)' },
    csv: { type: 'boolean', description: 'Print CSV' },
  },
  run: ({ args }) => runQuery(args),
});
