import { CLASSIFICATIONS } from '../inspect/types.js';
import type { SqlExecutor } from '../store/sql/sql-executor.js';
import type { CandidateRoute } from './audit-entry.js';
import { buildRecordWhere } from './audit-queries.js';

/** Where data went, by what was sent: the evidence a security lead asks for. */
export interface DestinationRow {
  /** The destination that answered; for dispatched requests that got no answer, the one tried first. `(not sent)` otherwise. */
  destination: string;
  tier: string | null;
  /** Requests by classification of what was sent (after redaction). */
  counts: Record<string, number>;
  total: number;
}

export interface AuditReport {
  since: string;
  until: string;
  requests: number;
  destinations: DestinationRow[];
  /** Requests of each classification that reached a destination of tier enterprise or consumer. */
  sentToCloud: Record<string, number>;
  actions: Record<string, number>;
  outcomes: Record<string, number>;
  /** Which teams were blocked, rerouted or redacted, how often. */
  teams: { team: string | null; action: string; count: number }[];
}

export const NOT_SENT = '(not sent)';
const POLICY_ACTIONS_BY_TEAM = ['block', 'reroute', 'redact'];

/**
 * Destination × classification counts for a period, plus actions, outcomes and the teams that
 * were blocked or rerouted. Counted in SQL by group (a month of traffic is a few hundred groups,
 * not millions of rows); `tiers` maps destination names to their configured tier.
 */
export async function buildReport(
  executor: SqlExecutor,
  period: { since: Date; until: Date },
  tiers: ReadonlyMap<string, string>,
): Promise<AuditReport> {
  const { where, values } = buildRecordWhere(period);
  const groups = await executor.query(
    `SELECT kind, operation, destination, candidates, effective_classification, classification, action, outcome, COUNT(*) AS requests ` +
      `FROM audit_records ${where} GROUP BY kind, operation, destination, candidates, effective_classification, classification, action, outcome`,
    values,
  );
  const report: AuditReport = {
    since: period.since.toISOString(),
    until: period.until.toISOString(),
    requests: 0,
    destinations: [],
    sentToCloud: {},
    actions: {},
    outcomes: {},
    teams: [],
  };
  const destinations = new Map<string, DestinationRow>();
  for (const group of groups) {
    const count = Number(group.requests);
    report.requests += count;
    increment(report.actions, group.action === null ? '(none)' : String(group.action), count);
    increment(report.outcomes, group.outcome === null ? '(in flight)' : String(group.outcome), count);
    const destination = resolveDestination(group);
    const classification = String(group.effective_classification ?? group.classification ?? 'unknown');
    let row = destinations.get(destination);
    if (!row) {
      row = {
        destination,
        tier: tiers.get(destination) ?? null,
        counts: Object.fromEntries(CLASSIFICATIONS.map((name) => [name, 0])),
        total: 0,
      };
      destinations.set(destination, row);
    }
    increment(row.counts, classification, count);
    row.total += count;
    if (row.tier === 'enterprise' || row.tier === 'consumer') increment(report.sentToCloud, classification, count);
  }
  report.destinations = [...destinations.values()].sort(
    (left, right) => right.total - left.total || (left.destination < right.destination ? -1 : 1),
  );
  const teamRows = await executor.query(
    `SELECT team, action, COUNT(*) AS requests FROM audit_records ${where}${where ? ' AND' : ' WHERE'} action IN (${POLICY_ACTIONS_BY_TEAM.map(() => '?').join(', ')}) GROUP BY team, action`,
    [...values, ...POLICY_ACTIONS_BY_TEAM],
  );
  report.teams = teamRows
    .map((row) => ({ team: row.team === null ? null : String(row.team), action: String(row.action), count: Number(row.requests) }))
    .sort(
      (left, right) =>
        right.count - left.count || String(left.team).localeCompare(String(right.team)) || left.action.localeCompare(right.action),
    );
  return report;
}

/**
 * A request reached the destination that answered it. One that was dispatched but got no answer
 * (upstream failure, client gone) may still have reached the first destination tried, so it is
 * counted there: the report errs towards "sent". Refused requests and token counts were never sent.
 */
function resolveDestination(group: Record<string, unknown>): string {
  if (typeof group.destination === 'string') return group.destination;
  if (group.kind !== 'decision' || group.operation === 'count-tokens') return NOT_SENT;
  try {
    const [first] = JSON.parse(String(group.candidates)) as CandidateRoute[];
    return first?.destination ?? NOT_SENT;
  } catch {
    return NOT_SENT;
  }
}

function increment(counts: Record<string, number>, key: string, by: number): void {
  counts[key] = (counts[key] ?? 0) + by;
}
