import { convertUsdToMicroUsd } from '../identity/pricing.js';
import type { Budget, BudgetPeriod, KeyRecord, TeamRecord } from '../store/types.js';
import { AirlockError } from '../errors/airlock-error.js';

/**
 * Keys and teams as the admin API returns them and the CLI prints them: never the hash, money in
 * USD, dates as ISO strings, and the key's status spelled out.
 */

export interface BudgetView {
  period: BudgetPeriod;
  softUsd: number | null;
  hardUsd: number | null;
}

export type KeyStatus = 'active' | 'revoked' | 'expired';

export interface KeyView {
  id: string;
  prefix: string;
  name: string | null;
  user: string;
  team: string | null;
  status: KeyStatus;
  limits: { rpm: number | null; tpm: number | null; concurrency: number | null };
  budget: BudgetView | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  rotatedAt: string | null;
}

export interface TeamView {
  id: string;
  description: string | null;
  limits: KeyView['limits'];
  budget: BudgetView | null;
  createdAt: string;
  updatedAt: string;
}

const toUsd = (microUsd: number | null): number | null => (microUsd === null ? null : microUsd / 1_000_000);

export function describeBudget(budget: Budget | null): BudgetView | null {
  if (budget === null) return null;
  return { period: budget.period, softUsd: toUsd(budget.softMicroUsd), hardUsd: toUsd(budget.hardMicroUsd) };
}

/** `soft 80, hard 100 USD/month`, or `-` without a budget (for CLI tables). */
export function formatBudgetShort(budget: BudgetView | null): string {
  if (budget === null) return '-';
  const parts = [
    budget.softUsd === null ? undefined : `soft ${budget.softUsd}`,
    budget.hardUsd === null ? undefined : `hard ${budget.hardUsd}`,
  ];
  return `${parts.filter((part) => part !== undefined).join(', ')} USD/${budget.period}`;
}

export function getKeyStatus(record: KeyRecord, now: Date = new Date()): KeyStatus {
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && record.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export function describeKey(record: KeyRecord, now: Date = new Date()): KeyView {
  return {
    id: record.id,
    prefix: record.prefix,
    name: record.name,
    user: record.user,
    team: record.team,
    status: getKeyStatus(record, now),
    limits: { rpm: record.limits.rpm ?? null, tpm: record.limits.tpm ?? null, concurrency: record.limits.concurrency ?? null },
    budget: describeBudget(record.budget),
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
    rotatedAt: record.rotatedAt?.toISOString() ?? null,
  };
}

export function describeTeam(record: TeamRecord): TeamView {
  return {
    id: record.id,
    description: record.description,
    limits: { rpm: record.limits.rpm ?? null, tpm: record.limits.tpm ?? null, concurrency: record.limits.concurrency ?? null },
    budget: describeBudget(record.budget),
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** A budget from USD amounts; null when neither is given. Soft above hard makes no sense and is refused. */
export function buildBudget(period: BudgetPeriod, softUsd: number | null | undefined, hardUsd: number | null | undefined): Budget | null {
  if ((softUsd === null || softUsd === undefined) && (hardUsd === null || hardUsd === undefined)) return null;
  for (const value of [softUsd, hardUsd]) {
    if (value !== null && value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new AirlockError('INVALID_REQUEST', 'A budget must be a non-negative amount in USD.', { param: 'budget' });
    }
  }
  const softMicroUsd = softUsd === null || softUsd === undefined ? null : convertUsdToMicroUsd(softUsd);
  const hardMicroUsd = hardUsd === null || hardUsd === undefined ? null : convertUsdToMicroUsd(hardUsd);
  if (softMicroUsd !== null && hardMicroUsd !== null && softMicroUsd > hardMicroUsd) {
    throw new AirlockError('INVALID_REQUEST', 'The soft budget must not be above the hard budget.', { param: 'budget' });
  }
  return { period, softMicroUsd, hardMicroUsd };
}
