import type { Surface } from '../canonical/types.js';
import type { RequestTrace } from './request-trace.js';

/** Who is asking. Anonymous on the embedded default; from a key or token once auth is on. */
export interface Principal {
  anonymous: boolean;
  keyId?: string;
  user?: string;
  team?: string;
}

/**
 * Per-request facts every stage may read. Stages return values; the only mutable part is
 * `trace`, the record of what happened that observers (usage, audit) read at the end.
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
}
