import type { Budget, KeyRecord, RateLimits, Store, TeamRecord } from '../store/types.js';
import { hashApiKey, isWellFormedApiKey, verifyApiKey } from './keys.js';

/** Who is asking, as the policy, limits and usage see it. */
export interface Principal {
  keyId: string;
  user: string;
  team: string | null;
  /** The key's own limits and budget. */
  limits: RateLimits;
  budget: Budget | null;
  /** The team's limits and budget (empty/null when the team has no record). */
  teamLimits: RateLimits;
  teamBudget: Budget | null;
  expiresAt: Date | null;
}

export type AuthenticationFailure = 'unknown' | 'revoked' | 'expired';

export type AuthenticationResult =
  | {
      ok: true;
      principal: Principal;
      /** Served from a stale cache entry because the store is down (failMode open). */ stale?: boolean;
    }
  | { ok: false; reason: AuthenticationFailure };

/** What one store lookup found; the decision is re-made at every use, so expiry is exact. */
export interface KeyLookup {
  key: KeyRecord | null;
  team: TeamRecord | null;
}

/** Reads a key (and its team) from the store; malformed keys are refused without a lookup. */
export async function lookUpKey(store: Store, presentedKey: string): Promise<KeyLookup> {
  if (!isWellFormedApiKey(presentedKey)) return { key: null, team: null };
  const key = await store.keys.findByHash(hashApiKey(presentedKey));
  // The index lookup found the row by hash; comparing again in constant time guards against a
  // backend whose text comparison is looser than byte equality.
  if (key === null || !verifyApiKey(presentedKey, key.hash)) return { key: null, team: null };
  const team = key.team === null ? null : await store.teams.get(key.team);
  return { key, team };
}

/** Decides from a lookup at time `now`. */
export function decideAuthentication(lookup: KeyLookup, now: Date): AuthenticationResult {
  const { key, team } = lookup;
  if (key === null) return { ok: false, reason: 'unknown' };
  // Revocation is immediate whatever its timestamp; a planned end is what expiresAt is for.
  if (key.revokedAt !== null) return { ok: false, reason: 'revoked' };
  if (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    principal: {
      keyId: key.id,
      user: key.user,
      team: key.team,
      limits: key.limits,
      budget: key.budget,
      teamLimits: team?.limits ?? {},
      teamBudget: team?.budget ?? null,
      expiresAt: key.expiresAt,
    },
  };
}

/** Authenticates a presented key against the store, without caching. */
export async function authenticateKey(store: Store, presentedKey: string, now: Date = new Date()): Promise<AuthenticationResult> {
  return decideAuthentication(await lookUpKey(store, presentedKey), now);
}
