import { parsePastInstant } from '../admin/parse-time.js';
import { AirlockError } from '../errors/airlock-error.js';
import { formatTable } from '../admin/format-table.js';
import { formatMicroUsd } from '../identity/pricing.js';
import type { Store, UsageGroupBy, UsageQuery, UsageTotals } from '../store/types.js';

/**
 * The usage report shared by `airlock usage` and `GET /admin/usage`, so both show the same
 * numbers: requests, tokens and spend grouped by team, user, model, destination, key or day.
 * Money is exact: integer micro-dollars, and the same amount as a decimal USD string.
 */

export const USAGE_GROUPINGS: readonly UsageGroupBy[] = ['team', 'user', 'model', 'destination', 'upstreamModel', 'key', 'day'];

/** Filters as typed on the command line or in a query string. */
export interface UsageReportInput {
  since?: string | undefined;
  until?: string | undefined;
  by?: string | undefined;
  team?: string | undefined;
  user?: string | undefined;
  key?: string | undefined;
}

export interface UsageReportTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: string;
  costMicroUsd: number;
  estimatedRequests: number;
}

export interface UsageReportGroup extends UsageReportTotals {
  key: string | null;
}

export interface UsageReport {
  by: UsageGroupBy;
  since: string | null;
  until: string | null;
  groups: UsageReportGroup[];
  total: UsageReportTotals;
}

export function parseUsageQuery(input: UsageReportInput, now: Date = new Date()): UsageQuery {
  const by = (input.by ?? 'team') as UsageGroupBy;
  if (!USAGE_GROUPINGS.includes(by)) {
    throw new AirlockError('INVALID_REQUEST', `by must be one of ${USAGE_GROUPINGS.join(', ')}.`, { param: 'by' });
  }
  const query: UsageQuery = { by };
  if (input.since !== undefined && input.since !== '') query.since = parsePastInstant(input.since, 'since', now);
  if (input.until !== undefined && input.until !== '') query.until = parsePastInstant(input.until, 'until', now);
  if (input.team !== undefined && input.team !== '') query.team = input.team;
  if (input.user !== undefined && input.user !== '') query.user = input.user;
  if (input.key !== undefined && input.key !== '') query.keyId = input.key;
  return query;
}

function convertTotals(totals: UsageTotals): UsageReportTotals {
  return {
    requests: totals.requests,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    costUsd: formatMicroUsd(totals.costMicroUsd),
    costMicroUsd: totals.costMicroUsd,
    estimatedRequests: totals.estimatedRequests,
  };
}

export async function buildUsageReport(store: Store, query: UsageQuery): Promise<UsageReport> {
  const summary = await store.usage.summarize(query);
  return {
    by: query.by,
    since: query.since?.toISOString() ?? null,
    until: query.until?.toISOString() ?? null,
    groups: summary.groups.map((group) => ({ key: group.key, ...convertTotals(group) })),
    total: convertTotals(summary.total),
  };
}

function readColumns(row: UsageReportTotals): string[] {
  return [String(row.requests), String(row.inputTokens), String(row.outputTokens), row.costUsd, String(row.estimatedRequests)];
}

/** An aligned text table with a total line. */
export function renderUsageTable(report: UsageReport): string {
  const header = [report.by, 'requests', 'input tokens', 'output tokens', 'cost USD', 'estimated'];
  const rows = [...report.groups.map((group) => [group.key ?? '(none)', ...readColumns(group)]), ['total', ...readColumns(report.total)]];
  const window = `${report.since ?? 'the beginning'} to ${report.until ?? 'now'}`;
  return `Usage by ${report.by}, ${window}\n${formatTable(header, rows, [false, true, true, true, true, true])}`;
}

function quoteCsv(value: string): string {
  // A leading =, +, - or @ would be read as a formula by spreadsheets: neutralise it.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV with a header, one line per group and no total line (spreadsheets sum it themselves). */
export function renderUsageCsv(report: UsageReport): string {
  const header = [report.by, 'requests', 'input_tokens', 'output_tokens', 'cost_usd', 'cost_micro_usd', 'estimated_requests'];
  const lines = report.groups.map((group) =>
    [
      group.key ?? '',
      String(group.requests),
      String(group.inputTokens),
      String(group.outputTokens),
      group.costUsd,
      String(group.costMicroUsd),
      String(group.estimatedRequests),
    ]
      .map(quoteCsv)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
