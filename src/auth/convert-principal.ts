import type { Principal as KeyPrincipal } from '../identity/authenticate-key.js';
import { buildBudgetSubjects, buildLimitSubjects, hasLimits } from '../limits/subjects.js';
import type { LimitSubject } from '../limits/types.js';
import type { Principal } from '../pipeline/request-context.js';
import type { RateLimits, TeamRecord } from '../store/types.js';
import type { OidcIdentity } from './oidc-verifier.js';

/** The principal of a virtual key: its own and its team's limits, budgets and spend counters. */
export function convertKeyPrincipal(key: KeyPrincipal): Principal {
  const spendSubjects: Pick<LimitSubject, 'scope' | 'id'>[] = [{ scope: 'key', id: key.keyId }];
  if (key.team !== null) spendSubjects.push({ scope: 'team', id: key.team });
  return {
    anonymous: false,
    via: 'key',
    keyId: key.keyId,
    user: key.user,
    ...(key.team === null ? {} : { team: key.team, teams: [key.team] }),
    limitSubjects: buildLimitSubjects(key).filter(hasLimits),
    budgetSubjects: buildBudgetSubjects(key).filter((subject) => subject.budget !== null),
    spendSubjects,
  };
}

/**
 * The principal of an SSO user: per-user limits from the config, and the limits and budget of
 * the first team (the one charged) from its team record.
 */
export function convertOidcPrincipal(identity: OidcIdentity, team: TeamRecord | null, userLimits: RateLimits | undefined): Principal {
  const primary = identity.teams[0];
  const limitSubjects: LimitSubject[] = [{ scope: 'user', id: identity.user, ...userLimits }];
  if (primary !== undefined && team !== null) limitSubjects.push({ scope: 'team', id: primary, ...team.limits });
  return {
    anonymous: false,
    via: 'oidc',
    user: identity.user,
    ...(primary === undefined ? {} : { team: primary, teams: identity.teams }),
    limitSubjects: limitSubjects.filter(hasLimits),
    budgetSubjects: primary !== undefined && team?.budget ? [{ scope: 'team', id: primary, budget: team.budget }] : [],
    spendSubjects: primary === undefined ? [] : [{ scope: 'team', id: primary }],
  };
}
