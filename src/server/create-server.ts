import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { AirlockError } from '../errors/airlock-error.js';
import type { Gateway } from '../pipeline/gateway.js';
import { anthropicErrorRenderer, registerAnthropicRoutes } from '../surfaces/anthropic/register-anthropic-routes.js';
import { registerOpenAIRoutes, openAIErrorRenderer } from '../surfaces/openai/register-openai-routes.js';
import { convertServerError } from './convert-server-error.js';
import { decompressBody } from './decompress-body.js';
import { registerResponsesRoutes } from '../surfaces/responses/register-responses-routes.js';
import { attachRequestLifecycle, findRequestContext } from './request-lifecycle.js';
import { selectRenderer, type ErrorRenderer } from './error-rendering.js';

export interface CreateServerOptions {
  gateway: Gateway;
}

/**
 * The HTTP server: one Fastify instance with the surfaces' routes, a JSON body parser that
 * reports Airlock's own codes, decompression of request bodies (so they can be inspected),
 * and errors rendered in the format of the surface that owns the URL.
 */
export function createServer(options: CreateServerOptions): FastifyInstance {
  const { gateway } = options;
  const server = gateway.loaded.config.server;
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
    genReqId: () => randomUUID(),
    // We log one line per request ourselves; no per-request child loggers on the hot path.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger) => logger,
    loggerInstance: gateway.logger as FastifyBaseLogger,
    // Errors for malformed requests are written by Node before any route runs: keep them in our format.
    clientErrorHandler: (error, socket) => {
      const airlockError =
        (error as { code?: string }).code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new AirlockError('REQUEST_TIMEOUT', 'The request was not received in time.')
          : new AirlockError('INVALID_REQUEST', 'Malformed HTTP request.');
      if (socket.writable) {
        const body = JSON.stringify(openAIErrorRenderer.renderBody(airlockError));
        socket.end(
          `HTTP/1.1 ${airlockError.status} ${airlockError.status === 408 ? 'Request Timeout' : 'Bad Request'}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      } else {
        socket.destroy();
      }
    },
  });

  // More specific prefixes first: /v1/messages is Anthropic's, the rest of /v1/ OpenAI's.
  const renderers: ErrorRenderer[] = [anthropicErrorRenderer, openAIErrorRenderer];
  const renderError = (url: string, error: AirlockError): unknown => selectRenderer(renderers, url, openAIErrorRenderer).renderBody(error);

  attachRequestLifecycle(app, gateway);
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding'];
    return decompressBody(Array.isArray(encoding) ? encoding.join(',') : encoding, payload);
  });

  // Every endpoint takes JSON; any content type is parsed as JSON so a missing header is not fatal.
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
    void reply.code(error.status).type('application/json').send(JSON.stringify(renderError(request.url, error)));
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
    void reply.code(error.status).type('application/json').send(JSON.stringify(renderError(request.url, error)));
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const destinations = Object.fromEntries([...gateway.providers.values()].map((provider) => [provider.id, provider.isReady()]));
    const ready = gateway.isReady();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'starting', destinations });
  });

  registerOpenAIRoutes(app, gateway);
  registerResponsesRoutes(app, gateway);
  registerAnthropicRoutes(app, gateway);
  return app;
}
