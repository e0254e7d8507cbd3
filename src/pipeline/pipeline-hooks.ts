import type { RequestContext } from './request-context.js';
import type { RequestOutcome } from './request-trace.js';

/**
 * Where the later stages plug in, in the order the pipeline runs them. Registered once at
 * start (see start-gateway.ts), never by import side effects.
 */
export interface PipelineHooks {
  /**
   * At a model request's first byte, before its body is read or parsed: authentication. Gets the
   * request headers (lower-case names) and may set `context.principal`. Throwing an AirlockError
   * refuses the request in the surface's error format; its body is never parsed.
   */
  onRequest: ((context: RequestContext, headers: Readonly<Record<string, string | string[] | undefined>>) => Promise<void>)[];
  /**
   * After inspection and the policy decision, before anything is sent: authorisation of the
   * route, rate limits and budgets, the audit record of the decision. Throwing an AirlockError
   * refuses the request; nothing has left the gateway yet.
   */
  beforeDispatch: ((context: RequestContext) => Promise<void>)[];
  /**
   * Just before a reply that is not streamed goes out (answers and refusals alike), with its
   * status: the audit log makes the one record of a request refused before dispatch durable
   * here, so a crash can never leave a client holding a refusal that was not recorded. Must not
   * throw; failures are logged.
   */
  beforeReply: ((context: RequestContext, status: number) => Promise<void>)[];
  /**
   * Exactly once per request, whatever happened (answered, refused, failed, interrupted):
   * usage and spend, releasing limits, completing the audit record, metrics. Must not throw;
   * failures are logged.
   */
  afterResponse: ((context: RequestContext, outcome: RequestOutcome) => Promise<void> | void)[];
}

export function createPipelineHooks(): PipelineHooks {
  return { onRequest: [], beforeDispatch: [], beforeReply: [], afterResponse: [] };
}
