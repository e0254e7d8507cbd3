import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Surface } from '../canonical/types.js';
import { AirlockError } from '../errors/airlock-error.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { RequestContext } from '../pipeline/request-context.js';
import type { RequestOutcome } from '../pipeline/request-trace.js';
import { createRequestContext } from './create-request-context.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Marks a model endpoint: its requests get a context and exactly one outcome. */
    surface?: Surface;
    /** Not a model request, but it needs the caller's credentials (model listings). */
    authenticate?: boolean;
  }
}

const contexts = new WeakMap<FastifyRequest, RequestContext>();
const modelRoutes = new WeakMap<FastifyInstance, Set<string>>();

/**
 * Every model route of a listener (`POST /v1/chat/completions`, ...): the routes whose requests go
 * through the pipeline. The surface test matrix checks it covers all of them, so a surface added
 * later cannot escape it.
 */
export function listModelRoutes(app: FastifyInstance): string[] {
  return [...(modelRoutes.get(app) ?? [])].sort();
}
const finalized = new WeakSet<RequestContext>();

/** The context of a model endpoint's request (created before the body is even parsed). */
export function getRequestContext(request: FastifyRequest): RequestContext {
  const context = contexts.get(request);
  if (!context) throw new AirlockError('INTERNAL', 'Route has no request context.');
  return context;
}

export function findRequestContext(request: FastifyRequest): RequestContext | undefined {
  return contexts.get(request);
}

/**
 * Runs the afterResponse observers exactly once per request: whichever of response sent,
 * stream ended, or client gone comes first.
 */
export async function finalizeRequest(
  gateway: Gateway,
  context: RequestContext,
  outcome: Omit<RequestOutcome, 'latencyMs'>,
): Promise<void> {
  if (finalized.has(context)) return;
  finalized.add(context);
  const complete: RequestOutcome = { ...outcome, latencyMs: performance.now() - context.startedAt };
  for (const hook of gateway.hooks.afterResponse) {
    try {
      await hook(context, complete);
    } catch (error) {
      gateway.logger.error({ requestId: context.id, err: error }, 'request observer failed');
    }
  }
}

/**
 * Gives every request to a model endpoint a context from its first byte (so even one with a
 * malformed body is accounted for) and finalises it when the reply is sent or the client leaves.
 * Streamed replies are hijacked and finalised by the stream writer instead.
 */
export function attachRequestLifecycle(app: FastifyInstance, gateway: Gateway): void {
  const routes = new Set<string>();
  modelRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    if (!route.config?.surface) return;
    for (const method of [route.method].flat()) routes.add(`${method} ${route.url}`);
  });
  // Callback-style hooks: an async hook costs every request a promise even when it has nothing to await.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-airlock-request-id', request.id);
    const surface = request.routeOptions.config.surface;
    if (!surface) {
      if (!request.routeOptions.config.authenticate) return done();
      // Authenticated, but not a request to account for: no audit record, no usage.
      return runHooks(gateway.hooks.onRequest, createRequestContext(request, reply, 'openai'), request, done);
    }
    const context = createRequestContext(request, reply, surface);
    contexts.set(request, context);
    // Authentication runs here, before the body is read: an unauthenticated client cannot make
    // the gateway buffer, decompress or parse anything.
    runHooks(gateway.hooks.onRequest, context, request, done);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const context = contexts.get(request);
    if (!context || gateway.hooks.beforeReply.length === 0) return done(null, payload);
    void (async () => {
      for (const hook of gateway.hooks.beforeReply) {
        try {
          await hook(context, reply.statusCode);
        } catch (error) {
          gateway.logger.error({ requestId: context.id, err: error }, 'request observer failed');
        }
      }
    })().then(() => done(null, payload));
  });
  app.addHook('onResponse', (request, reply, done) => {
    const context = contexts.get(request);
    if (!context) return done();
    finalizeRequest(gateway, context, {
      status: reply.statusCode,
      ...(context.trace.errorCode ? { errorCode: context.trace.errorCode } : {}),
    }).then(() => done(), done);
  });
  app.addHook('onRequestAbort', async (request) => {
    const context = contexts.get(request);
    if (context) await finalizeRequest(gateway, context, { status: 499, interrupted: true, errorCode: 'CLIENT_DISCONNECTED' });
  });
}

/** Runs the onRequest hooks in order; `done` gets the first error. Synchronous when there are none. */
function runHooks(
  hooks: Gateway['hooks']['onRequest'],
  context: RequestContext,
  request: FastifyRequest,
  done: (error?: Error) => void,
): void {
  if (hooks.length === 0) return done();
  void (async () => {
    for (const hook of hooks) await hook(context, request.headers);
  })().then(() => done(), done);
}
