import type { Surface } from '../canonical/types.js';

/** Who is asking. Anonymous on the embedded default; from a key or token once auth is on. */
export interface Principal {
  anonymous: boolean;
  keyId?: string;
  user?: string;
  team?: string;
}

/** Per-request facts every stage may read; stages return values rather than mutate this. */
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
}
