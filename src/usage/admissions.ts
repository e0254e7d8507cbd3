import type { RequestContext } from '../pipeline/request-context.js';

/** What the limits stage leaves for the usage stage about one admitted request. */
export interface Admission {
  /** Frees the concurrency slot and settles the token estimate; absent when no limit applied. */
  release?: (actualTokens?: number) => Promise<void>;
}

/**
 * Requests admitted by the limits stage, keyed by their context (a WeakMap, so a request that
 * never finishes cannot leak an entry). The usage stage takes each out exactly once.
 */
export class Admissions {
  private readonly admitted = new WeakMap<RequestContext, Admission>();

  add(context: RequestContext, admission: Admission): void {
    this.admitted.set(context, admission);
  }

  /** Removes and returns the admission; undefined when the request was refused before limits. */
  take(context: RequestContext): Admission | undefined {
    const admission = this.admitted.get(context);
    if (admission !== undefined) this.admitted.delete(context);
    return admission;
  }
}
