import { AirlockError } from '../errors/airlock-error.js';
import type { Principal } from '../identity/authenticate-key.js';
import type { BudgetSubject, LimitSubject } from './types.js';

function isSet(value: number | null | undefined): value is number {
  return value !== null && value !== undefined;
}

/** Whether any limit of the subject is set. */
export function hasLimits(subject: LimitSubject): boolean {
  return isSet(subject.rpm) || isSet(subject.tpm) || isSet(subject.concurrency);
}

/** Drops subjects without limits and refuses malformed limits (a bug, not a client error). */
export function selectLimited(subjects: readonly LimitSubject[]): LimitSubject[] {
  const limited = subjects.filter(hasLimits);
  for (const subject of limited) {
    for (const value of [subject.rpm, subject.tpm, subject.concurrency]) {
      if (isSet(value) && (!Number.isSafeInteger(value) || value < 0)) {
        throw new AirlockError('INTERNAL', 'A configured limit is not a non-negative integer.');
      }
    }
  }
  return limited;
}

/** The key's and the team's limits of a principal, in that order. */
export function buildLimitSubjects(principal: Principal): LimitSubject[] {
  const subjects: LimitSubject[] = [{ scope: 'key', id: principal.keyId, ...principal.limits }];
  if (principal.team !== null) subjects.push({ scope: 'team', id: principal.team, ...principal.teamLimits });
  return subjects;
}

/** The key's and the team's budgets of a principal. */
export function buildBudgetSubjects(principal: Principal): BudgetSubject[] {
  const subjects: BudgetSubject[] = [{ scope: 'key', id: principal.keyId, budget: principal.budget }];
  if (principal.team !== null) subjects.push({ scope: 'team', id: principal.team, budget: principal.teamBudget });
  return subjects;
}
