import { createServer as createHttpServer } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AirlockError } from '../errors/airlock-error.js';
import type { Gateway } from '../pipeline/gateway.js';
import { convertServerError } from './convert-server-error.js';
import { decompressBody } from './decompress-body.js';
import { createRequestId } from './request-id.js';
import { selectRenderer, type ErrorRenderer } from './error-rendering.js';
import { attachRequestLifecycle, findRequestContext } from './request-lifecycle.js';

export interface GatewayAppOptions {
  /** Error renderers by URL prefix, most specific first. */
  renderers: readonly ErrorRenderer[];
  /** The renderer for every other URL (and for malformed HTTP, answered before any route). */
  fallback: ErrorRenderer;
  /** Hooks that must run before the request lifecycle (and so before authentication). */
  attachFirst?: (app: FastifyInstance) => void;
}

/**
 * A Fastify instance set up the way every Airlock listener needs: the request lifecycle (a
 * context and exactly one outcome per model request), decompression of request bodies so they
 * can be inspected, a JSON parser that reports Airlock's codes, and every error — malformed HTTP,
 * unknown routes, thrown AirlockErrors — rendered in the format of the surface owning the URL.
 * The caller registers its routes.
 */
export function createGatewayApp(gateway: Gateway, options: GatewayAppOptions): FastifyInstance {
  const server = gateway.loaded.config.server;
  const renderError = (url: string, error: AirlockError): unknown =>
    selectRenderer(options.renderers, url, options.fallback).renderBody(error);
  const app = Fastify({
    bodyLimit: server.bodyLimit,
    requestTimeout: server.requestTimeoutMs,
    // Node checks request timeouts on an interval (30 s by default): check every second so a
    // slow client is cut off close to requestTimeoutMs.
    serverFactory: (handler) =>
      createHttpServer({ requestTimeout: server.requestTimeoutMs, connectionsCheckingInterval: 1_000, keepAliveTimeout: 65_000 }, handler),
    keepAliveTimeout: 65_000,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy: server.trustProxy,
    // Time-ordered (UUIDv7): see createRequestId.
    genReqId: () => createRequestId(),
    // We log one line per request ourselves; no per-request child loggers on the hot path.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger) => logger,
    loggerInstance: gateway.logger as FastifyBaseLogger,
    // Malformed HTTP is answered by Node before any route runs: keep it in the listener's format.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return socket.destroy();
      const timedOut = (error as { code?: string }).code === 'ERR_HTTP_REQUEST_TIMEOUT';
      const airlockError = timedOut
        ? new AirlockError('REQUEST_TIMEOUT', 'The request was not received in time.')
        : new AirlockError('INVALID_REQUEST', 'Malformed HTTP request.');
      const body = JSON.stringify(options.fallback.renderBody(airlockError));
      socket.end(
        `HTTP/1.1 ${airlockError.status} ${timedOut ? 'Request Timeout' : 'Bad Request'}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    },
  });

  options.attachFirst?.(app);
  attachRequestLifecycle(app, gateway);
  // Callback-style hooks on the hot path: an async hook costs every request a promise.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const encoding = request.headers['content-encoding'];
    if (encoding === undefined) return done(null, payload);
    try {
      done(null, decompressBody(Array.isArray(encoding) ? encoding.join(',') : encoding, payload));
    } catch (error) {
      done(error as Error);
    }
  });

  // Every endpoint takes JSON; any content type is parsed as JSON, since many clients send none.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    if ((body as Buffer).length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse((body as Buffer).toString('utf8')));
    } catch {
      done(new AirlockError('INVALID_JSON', 'The request body is not valid JSON.'), undefined);
    }
  });

  app.setErrorHandler((caught, request, reply) => {
    const error = convertServerError(caught);
    const context = findRequestContext(request);
    if (context) context.trace.errorCode = error.code;
    if (error.status >= 500) request.log.error({ requestId: request.id, code: error.code, err: caught }, 'request failed');
    else request.log.info({ requestId: request.id, code: error.code }, 'request refused');
    if (error.headers) reply.headers(error.headers);
    if (error.retryAfter !== undefined) reply.header('retry-after', String(Math.ceil(error.retryAfter)));
    void reply
      .code(error.status)
      .type('application/json')
      .send(JSON.stringify(renderError(request.url, error)));
  });

  const knownPaths = new Set<string>();
  app.addHook('onRoute', (route) => {
    knownPaths.add(route.url);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const error = knownPaths.has(path)
      ? new AirlockError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path.slice(0, 100)}.`)
      : new AirlockError('ROUTE_NOT_FOUND', `No route ${request.method} ${path.slice(0, 100)}.`);
    void reply
      .code(error.status)
      .type('application/json')
      .send(JSON.stringify(renderError(request.url, error)));
  });
  return app;
}
