import { defineCommand } from 'citty';
import type { CommandEnvironment } from '../../admin/command-support.js';
import { formatTable } from '../../admin/format-table.js';
import { storeArgs } from '../../cli/shared-args.js';
import { CLASSIFICATIONS } from '../../inspect/types.js';
import type { AuditReport } from '../build-report.js';
import { parsePeriod } from '../parse-period.js';
import { runAuditCommand } from './run-audit-command.js';

export interface ReportFlags {
  config?: string | undefined;
  'data-dir'?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  month?: string | undefined;
  json?: boolean | undefined;
}

/** The report as text: where each class of data went, what the policy did, and to which teams. */
export function renderReport(report: AuditReport): string {
  const lines = [
    `Audit report ${report.since} – ${report.until}: ${report.requests} request(s)`,
    '',
    'Where data went (classification of what was sent):',
  ];
  const header = ['destination', 'tier', ...CLASSIFICATIONS, 'total'];
  const rows = report.destinations.map((row) => [
    row.destination,
    row.tier ?? '-',
    ...CLASSIFICATIONS.map((name) => String(row.counts[name] ?? 0)),
    String(row.total),
  ]);
  lines.push(
    formatTable(
      header,
      rows,
      header.map((_cell, index) => index >= 2),
    ).trimEnd(),
    '',
  );
  const cloud = CLASSIFICATIONS.map((name) => `${name} ${report.sentToCloud[name] ?? 0}`).join(', ');
  lines.push(`Sent to cloud destinations (enterprise or consumer tier): ${cloud}.`);
  if ((report.sentToCloud['restricted'] ?? 0) === 0) lines.push('No restricted data reached a cloud destination.');
  lines.push('', `Policy actions: ${formatCounts(report.actions)}`, `Outcomes: ${formatCounts(report.outcomes)}`, '');
  if (report.teams.length === 0) {
    lines.push('No team was blocked, rerouted or redacted.');
  } else {
    lines.push('Teams blocked, rerouted or redacted:');
    lines.push(
      formatTable(
        ['team', 'action', 'requests'],
        report.teams.map((row) => [row.team ?? '(none)', row.action, String(row.count)]),
        [false, false, true],
      ).trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([, left], [, right]) => right - left);
  return entries.length === 0 ? 'none' : entries.map(([name, count]) => `${name} ${count}`).join(', ');
}

/** `airlock audit report`: destination × classification counts for a period (default: the last 30 days). */
export async function runReport(flags: ReportFlags, environment: CommandEnvironment = {}): Promise<void> {
  await runAuditCommand(flags, environment, async ({ service, output }) => {
    const period = parsePeriod(flags, 30);
    const report = await service.report({ since: period.since ?? new Date(0), until: period.until ?? new Date() });
    output.stdout(flags.json ? `${JSON.stringify(report)}\n` : renderReport(report));
  });
}

export const reportCommand = defineCommand({
  meta: { name: 'report', description: 'Destination × classification counts for a period, and which teams were blocked or rerouted.' },
  args: {
    ...storeArgs,
    month: { type: 'string', description: 'A calendar month, UTC (2026-11)' },
    since: {
      type: 'string',
      description: 'From (inclusive; default 30 days ago): a date, a date-time with zone, or a duration back (30d)',
    },
    until: { type: 'string', description: 'To (exclusive; default now), same forms' },
    json: { type: 'boolean', description: 'Print JSON (as the admin API returns it)' },
  },
  run: ({ args }) => runReport(args),
});
