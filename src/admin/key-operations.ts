import { AirlockError } from '../errors/airlock-error.js';
import type { IssueKeyInput } from '../identity/key-lifecycle.js';
import type { KeyRecord, KeyUpdate, RateLimits, Store, TeamInput, TeamRecord } from '../store/types.js';
import type { BudgetBody, LimitsBody } from './admin-schemas.js';
import { buildBudget, describeBudget } from './describe-records.js';
import { parseFutureInstant } from './parse-time.js';

/**
 * What the CLI and the admin API share beyond key-lifecycle: turning typed input (USD, `30d`)
 * into store values, and the admin-event-recording updates of keys and teams.
 */

export interface KeyInput {
  name?: string | null | undefined;
  /** An ISO date(-time) or a duration from now; null clears the expiry. */
  expires?: string | null | undefined;
  limits?: LimitsBody | undefined;
  budget?: BudgetBody | null | undefined;
}

export interface NewKeyInput extends KeyInput {
  user: string;
  team?: string | null | undefined;
}

function parseExpiry(text: string, now: Date): Date {
  const at = parseFutureInstant(text, 'expires', now);
  if (at.getTime() <= now.getTime()) throw new AirlockError('INVALID_REQUEST', 'expires must be in the future.', { param: 'expires' });
  return at;
}

function convertLimits(limits: LimitsBody): RateLimits {
  const converted: RateLimits = {};
  if (limits.rpm !== undefined) converted.rpm = limits.rpm;
  if (limits.tpm !== undefined) converted.tpm = limits.tpm;
  if (limits.concurrency !== undefined) converted.concurrency = limits.concurrency;
  return converted;
}

function convertBudget(budget: BudgetBody | null): ReturnType<typeof buildBudget> {
  return budget === null ? null : buildBudget(budget.period, budget.softUsd, budget.hardUsd);
}

export function buildIssueInput(input: NewKeyInput, now: Date = new Date()): IssueKeyInput {
  return {
    user: input.user,
    team: input.team ?? null,
    name: input.name ?? null,
    limits: input.limits === undefined ? {} : convertLimits(input.limits),
    budget: input.budget === undefined ? null : convertBudget(input.budget),
    expiresAt: input.expires === undefined || input.expires === null ? null : parseExpiry(input.expires, now),
  };
}

export function buildKeyUpdate(input: KeyInput, now: Date = new Date()): KeyUpdate {
  const update: KeyUpdate = {};
  if (input.name !== undefined) update.name = input.name;
  if (input.expires !== undefined) update.expiresAt = input.expires === null ? null : parseExpiry(input.expires, now);
  if (input.limits !== undefined) update.limits = convertLimits(input.limits);
  if (input.budget !== undefined) update.budget = convertBudget(input.budget);
  return update;
}

/**
 * Changes a key's name, expiry, limits or budget and records `key.update`. Limits merge (only the
 * ones given change; null clears one); a budget given replaces the old one. Null for an unknown key.
 */
export async function updateKey(store: Store, id: string, input: KeyInput, actor: string): Promise<KeyRecord | null> {
  const update = buildKeyUpdate(input);
  if (update.limits !== undefined) {
    const current = await store.keys.get(id);
    if (current === null) return null;
    update.limits = { ...current.limits, ...update.limits };
  }
  const record = await store.keys.update(id, update);
  if (record === null) return null;
  const detail: Record<string, unknown> = {};
  if (update.name !== undefined) detail['name'] = update.name;
  if (update.expiresAt !== undefined) detail['expiresAt'] = update.expiresAt?.toISOString() ?? null;
  if (update.limits !== undefined) detail['limits'] = update.limits;
  if (update.budget !== undefined) detail['budget'] = describeBudget(update.budget);
  await store.adminEvents.record({ actor, action: 'key.update', target: id, detail });
  return record;
}

export interface TeamChange {
  description?: string | null | undefined;
  limits?: LimitsBody | undefined;
  budget?: BudgetBody | null | undefined;
}

/**
 * Creates or replaces a team's description, limits and budget; records `team.upsert`. With
 * `merge`, what is not given keeps its current value (limits one by one), as `airlock teams set`
 * wants; without, the team becomes exactly what is given (the admin API's PUT).
 */
export async function upsertTeam(store: Store, id: string, change: TeamChange, actor: string, merge = false): Promise<TeamRecord> {
  const current = merge ? await store.teams.get(id) : null;
  const limits = change.limits === undefined ? {} : convertLimits(change.limits);
  const input: TeamInput = {
    id,
    description: change.description === undefined ? (current?.description ?? null) : change.description,
    limits: { ...current?.limits, ...limits },
    budget: change.budget === undefined ? (current?.budget ?? null) : convertBudget(change.budget),
  };
  const record = await store.teams.upsert(input);
  await store.adminEvents.record({
    actor,
    action: 'team.upsert',
    target: id,
    detail: { limits: record.limits, budget: describeBudget(record.budget) },
  });
  return record;
}
