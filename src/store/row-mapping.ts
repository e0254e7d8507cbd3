import type { AdminEvent, Budget, BudgetPeriod, KeyRecord, RateLimits, TeamRecord, UsageGroupBy, UsageTotals } from './types.js';

/**
 * Row <-> record conversion shared by both backends. Both use the same snake_case column names;
 * they differ only in value types (SQLite: epoch milliseconds and integers; PostgreSQL: Date,
 * and strings for bigint sums), which the `read*` helpers absorb.
 */

type Row = Record<string, unknown>;

export function readNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number(value);
  return 0;
}

export function readOptionalNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : readNumber(value);
}

export function readDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(readNumber(value));
}

export function readOptionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : readDate(value);
}

function readOptionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Column values for limits and budget, in the order of LIMIT_BUDGET_COLUMNS. */
export const LIMIT_BUDGET_COLUMNS = [
  'rpm',
  'tpm',
  'concurrency',
  'budget_period',
  'budget_soft_micro_usd',
  'budget_hard_micro_usd',
] as const;

export function writeLimitBudgetValues(limits: RateLimits | undefined, budget: Budget | null | undefined): (string | number | null)[] {
  return [
    limits?.rpm ?? null,
    limits?.tpm ?? null,
    limits?.concurrency ?? null,
    budget?.period ?? null,
    budget?.softMicroUsd ?? null,
    budget?.hardMicroUsd ?? null,
  ];
}

function readLimits(row: Row): RateLimits {
  const limits: RateLimits = {};
  const rpm = readOptionalNumber(row.rpm);
  const tpm = readOptionalNumber(row.tpm);
  const concurrency = readOptionalNumber(row.concurrency);
  if (rpm !== null) limits.rpm = rpm;
  if (tpm !== null) limits.tpm = tpm;
  if (concurrency !== null) limits.concurrency = concurrency;
  return limits;
}

function readBudget(row: Row): Budget | null {
  if (row.budget_period !== 'day' && row.budget_period !== 'month') return null;
  return {
    period: row.budget_period satisfies BudgetPeriod,
    softMicroUsd: readOptionalNumber(row.budget_soft_micro_usd),
    hardMicroUsd: readOptionalNumber(row.budget_hard_micro_usd),
  };
}

export function readKeyRow(row: Row): KeyRecord {
  return {
    id: String(row.id),
    hash: String(row.hash),
    prefix: String(row.prefix),
    name: readOptionalString(row.name),
    user: String(row.user_name),
    team: readOptionalString(row.team),
    limits: readLimits(row),
    budget: readBudget(row),
    createdAt: readDate(row.created_at),
    expiresAt: readOptionalDate(row.expires_at),
    revokedAt: readOptionalDate(row.revoked_at),
    rotatedAt: readOptionalDate(row.rotated_at),
  };
}

export function readTeamRow(row: Row): TeamRecord {
  return {
    id: String(row.id),
    description: readOptionalString(row.description),
    limits: readLimits(row),
    budget: readBudget(row),
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
  };
}

export function readAdminEventRow(row: Row): AdminEvent {
  const detail = typeof row.detail === 'string' ? (JSON.parse(row.detail) as unknown) : row.detail;
  return {
    id: readNumber(row.id),
    time: readDate(row.time),
    actor: String(row.actor),
    action: String(row.action),
    target: readOptionalString(row.target),
    detail: detail !== null && typeof detail === 'object' ? (detail as Record<string, unknown>) : {},
  };
}

export function readUsageTotals(row: Row): UsageTotals {
  return {
    requests: readNumber(row.requests),
    inputTokens: readNumber(row.input_tokens),
    outputTokens: readNumber(row.output_tokens),
    costMicroUsd: readNumber(row.cost_micro_usd),
    estimatedRequests: readNumber(row.estimated_requests),
  };
}

/** Usage columns per grouping; `day` is an expression each backend supplies. */
export const USAGE_GROUP_COLUMNS: Record<Exclude<UsageGroupBy, 'day'>, string> = {
  team: 'team',
  user: 'user_name',
  model: 'requested_model',
  upstreamModel: 'upstream_model',
  destination: 'destination',
  key: 'key_id',
};

export function addUsageTotals(into: UsageTotals, add: UsageTotals): void {
  into.requests += add.requests;
  into.inputTokens += add.inputTokens;
  into.outputTokens += add.outputTokens;
  into.costMicroUsd += add.costMicroUsd;
  into.estimatedRequests += add.estimatedRequests;
}

export function createEmptyUsageTotals(): UsageTotals {
  return { requests: 0, inputTokens: 0, outputTokens: 0, costMicroUsd: 0, estimatedRequests: 0 };
}
