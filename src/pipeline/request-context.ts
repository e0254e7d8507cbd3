import type { Surface } from '../canonical/types.js';
import type { BudgetSubject, LimitSubject } from '../limits/types.js';
import type { RequestTrace } from './request-trace.js';

/** Who is asking. Anonymous on the embedded default; from a key or token once auth is on. */
export interface Principal {
  anonymous: boolean;
  keyId?: string;
  user?: string;
  /** The team usage and team budgets are charged to (an SSO user's first team). */
  team?: string;
  /** Every team of the principal (SSO tokens may list several); `team` is the first. */
  teams?: readonly string[];
  /**
   * How the principal was established: a virtual key, an SSO token, or nothing (`anonymous`,
   * where user and team come from the untrusted `x-airlock-user` / `x-airlock-team` headers).
   */
  via?: 'key' | 'oidc' | 'anonymous';
  /** The rate limits that apply (key, team, SSO user), only subjects with a limit set. */
  limitSubjects?: readonly LimitSubject[];
  /** The budgets that apply (key, team), only subjects with a budget. */
  budgetSubjects?: readonly BudgetSubject[];
  /** Whose spend counters a finished request's cost is added to. */
  spendSubjects?: readonly Pick<LimitSubject, 'scope' | 'id'>[];
}

/**
 * Per-request facts every stage may read. Stages return values; the mutable parts are
 * `principal` (set once, by authentication in the onRequest hooks, before the body is read),
 * `trace`, the record of what happened that observers (usage, audit) read at the end, and
 * `responseHeaders`.
 */
export interface RequestContext {
  id: string;
  surface: Surface;
  startedAt: number;
  /** Aborted when the client disconnects; passed down to the destination. */
  signal: AbortSignal;
  principal: Principal;
  metadata: {
    userAgent?: string;
    /** From `x-airlock-repository` / `x-airlock-path`, for policy rules. */
    repository?: string;
    path?: string;
  };
  trace: RequestTrace;
  /**
   * Headers a stage adds to the reply whatever its outcome (`x-ratelimit-*`, budget warnings);
   * the pipeline copies them into the response headers after the beforeDispatch hooks.
   */
  responseHeaders?: Record<string, string>;
}
