import { AirlockError } from '../errors/airlock-error.js';
import type { Budget, KeyRecord, RateLimits, Store } from '../store/types.js';
import { generateApiKey, generateKeyId, getKeyDisplayPrefix, hashApiKey } from './keys.js';

/**
 * Issuing, rotating and revoking keys, shared by `airlock keys` and the admin API. Each action is
 * recorded as an admin event (who, what, which key; never the key or its hash). The secret is
 * returned once, to be shown once.
 */

export interface IssueKeyInput {
  user: string;
  team?: string | null;
  name?: string | null;
  limits?: RateLimits;
  budget?: Budget | null;
  expiresAt?: Date | null;
}

export interface IssuedKey {
  /** The secret: show it once, never log it. */
  key: string;
  record: KeyRecord;
}

function assertLimits(limits: RateLimits | undefined): void {
  for (const [name, value] of Object.entries(limits ?? {})) {
    if (value !== null && value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new AirlockError('INVALID_REQUEST', `The ${name} limit must be a non-negative integer.`, { param: name });
    }
  }
}

function assertBudget(budget: Budget | null | undefined): void {
  if (budget === null || budget === undefined) return;
  for (const value of [budget.softMicroUsd, budget.hardMicroUsd]) {
    if (value !== null && (!Number.isSafeInteger(value) || value < 0)) {
      throw new AirlockError('INVALID_REQUEST', 'A budget must be a non-negative amount.', { param: 'budget' });
    }
  }
}

/** Public details of a key for the admin log. */
function describeKey(record: KeyRecord): Record<string, unknown> {
  return {
    prefix: record.prefix,
    user: record.user,
    team: record.team,
    limits: record.limits,
    budget: record.budget,
    expiresAt: record.expiresAt?.toISOString() ?? null,
  };
}

export async function issueApiKey(store: Store, input: IssueKeyInput, actor: string): Promise<IssuedKey> {
  if (input.user.trim() === '') throw new AirlockError('INVALID_REQUEST', 'A key needs a user.', { param: 'user' });
  assertLimits(input.limits);
  assertBudget(input.budget);
  const key = generateApiKey();
  const record = await store.keys.create({
    id: generateKeyId(),
    hash: hashApiKey(key),
    prefix: getKeyDisplayPrefix(key),
    user: input.user,
    team: input.team ?? null,
    name: input.name ?? null,
    limits: input.limits ?? {},
    budget: input.budget ?? null,
    expiresAt: input.expiresAt ?? null,
  });
  await store.adminEvents.record({ actor, action: 'key.create', target: record.id, detail: describeKey(record) });
  return { key, record };
}

/** A new secret for the same key id; the old secret stops working. Null for unknown or revoked keys. */
export async function rotateApiKey(store: Store, id: string, actor: string): Promise<IssuedKey | null> {
  const key = generateApiKey();
  const record = await store.keys.rotate(id, { hash: hashApiKey(key), prefix: getKeyDisplayPrefix(key) });
  if (record === null) return null;
  await store.adminEvents.record({ actor, action: 'key.rotate', target: id, detail: { prefix: record.prefix } });
  return { key, record };
}

export async function revokeApiKey(store: Store, id: string, actor: string): Promise<KeyRecord | null> {
  const record = await store.keys.revoke(id);
  if (record !== null) await store.adminEvents.record({ actor, action: 'key.revoke', target: id, detail: { prefix: record.prefix } });
  return record;
}
