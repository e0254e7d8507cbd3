import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Surface } from '../canonical/types.js';
import { AirlockError } from '../errors/airlock-error.js';
import type { Principal, RequestContext } from '../pipeline/request-context.js';

const ANONYMOUS: Principal = Object.freeze({ anonymous: true });

/**
 * Builds the per-request context. Its signal aborts when the client goes away before the
 * response is complete, which cancels the upstream call.
 */
export function createRequestContext(request: FastifyRequest, reply: FastifyReply, surface: Surface): RequestContext {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new AirlockError('CLIENT_DISCONNECTED', 'The client closed the connection.'));
  });
  const headers = request.headers;
  const metadata: RequestContext['metadata'] = {};
  if (typeof headers['user-agent'] === 'string') metadata.userAgent = headers['user-agent'];
  if (typeof headers['x-airlock-repository'] === 'string') metadata.repository = headers['x-airlock-repository'];
  if (typeof headers['x-airlock-path'] === 'string') metadata.path = headers['x-airlock-path'];
  return {
    id: request.id,
    surface,
    startedAt: performance.now(),
    signal: controller.signal,
    principal: ANONYMOUS,
    metadata,
    trace: {},
  };
}
