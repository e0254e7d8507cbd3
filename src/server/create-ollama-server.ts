import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { OllamaListenerConfig } from '../config/schema.js';
import { AirlockError } from '../errors/airlock-error.js';
import type { Gateway } from '../pipeline/gateway.js';
import { attachBrowserGuards } from '../surfaces/ollama/browser-guards.js';
import { registerOllamaRoutes } from '../surfaces/ollama/register-ollama-routes.js';
import { ollamaErrorRenderer, renderOllamaError } from '../surfaces/ollama/render-error.js';
import { openAIErrorRenderer, registerOpenAIRoutes } from '../surfaces/openai/register-openai-routes.js';
import { registerResponsesRoutes } from '../surfaces/responses/register-responses-routes.js';
import type { Logger } from '../telemetry/logger.js';
import { convertServerError } from './convert-server-error.js';
import { decompressBody } from './decompress-body.js';
import { selectRenderer } from './error-rendering.js';
import { attachRequestLifecycle, findRequestContext } from './request-lifecycle.js';

/** Where Ollama listens, and so where Ollama clients look by default. */
export const DEFAULT_OLLAMA_PORT = 11434;

export interface OllamaListener {
  app: FastifyInstance;
  /** Base URL, e.g. http://127.0.0.1:11434 */
  url: string;
}

/**
 * The Ollama-compatible listener: Ollama's native API and its `/v1` OpenAI routes (chat
 * completions, completions, embeddings, models, responses) on their own port, through the same
 * request lifecycle and pipeline as the main server, behind Ollama's Host check and CORS rules.
 * Errors are Ollama's `{"error": ...}` except under `/v1/`.
 */
export function createOllamaServer(gateway: Gateway, settings: OllamaListenerConfig): FastifyInstance {
  const app = createFastify(gateway);
  const renderError = (url: string, error: AirlockError): unknown => selectRenderer([openAIErrorRenderer], url, ollamaErrorRenderer).renderBody(error);
  // Before the lifecycle (and so before authentication): a rebinding or foreign-origin request is
  // refused without any work done for it.
  attachBrowserGuards(app, settings);
  attachRequestLifecycle(app, gateway);
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = request.headers['content-encoding'];
    return decompressBody(Array.isArray(encoding) ? encoding.join(',') : encoding, payload);
  });
  // Every endpoint takes JSON; Ollama clients often send no content type at all.
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
  attachNotFoundHandler(app, renderError);
  registerOllamaRoutes(app, gateway);
  registerOpenAIRoutes(app, gateway);
  registerResponsesRoutes(app, gateway);
  return app;
}

/**
 * Binds the listener. With no port configured it tries 11434 and, if a real Ollama already holds
 * it, logs a notice and returns undefined so the gateway runs without it; a port the user chose
 * that is taken fails start with a clear error.
 */
export async function startOllamaListener(
  gateway: Gateway,
  settings: OllamaListenerConfig,
  logger: Logger,
  defaultPort = DEFAULT_OLLAMA_PORT,
): Promise<OllamaListener | undefined> {
  const port = settings.port ?? defaultPort;
  const app = createOllamaServer(gateway, settings);
  try {
    await app.listen({ host: settings.host, port });
  } catch (error) {
    await app.close();
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    if (settings.port === undefined) {
      logger.warn(
        { host: settings.host, port },
        'The Ollama port is already in use (is Ollama running?); serving without the Ollama-compatible listener. Set server.ollama.port or --ollama-port to use another port.',
      );
      return undefined;
    }
    throw new Error(
      `The Ollama listener cannot start: ${settings.host}:${port} is already in use. Choose another port (server.ollama.port or --ollama-port), stop what holds it, or turn the listener off (--ollama-port 0).`,
      { cause: error },
    );
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return { app, url: `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${boundPort}` };
}

function createFastify(gateway: Gateway): FastifyInstance {
  const server = gateway.loaded.config.server;
  return Fastify({
    bodyLimit: server.bodyLimit,
    requestTimeout: server.requestTimeoutMs,
    // As on the main listener: check request timeouts every second, not every 30 s.
    serverFactory: (handler) =>
      createHttpServer({ requestTimeout: server.requestTimeoutMs, connectionsCheckingInterval: 1_000, keepAliveTimeout: 65_000 }, handler),
    keepAliveTimeout: 65_000,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy: server.trustProxy,
    genReqId: () => randomUUID(),
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger) => logger,
    loggerInstance: gateway.logger as FastifyBaseLogger,
    // Malformed HTTP is answered by Node before any route runs: keep it in Ollama's format.
    clientErrorHandler: (error, socket) => {
      if (!socket.writable) return socket.destroy();
      const timedOut = (error as { code?: string }).code === 'ERR_HTTP_REQUEST_TIMEOUT';
      const airlockError = timedOut
        ? new AirlockError('REQUEST_TIMEOUT', 'The request was not received in time.')
        : new AirlockError('INVALID_REQUEST', 'Malformed HTTP request.');
      const body = JSON.stringify(renderOllamaError(airlockError));
      socket.end(
        `HTTP/1.1 ${airlockError.status} ${timedOut ? 'Request Timeout' : 'Bad Request'}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    },
  });
}

function attachNotFoundHandler(app: FastifyInstance, renderError: (url: string, error: AirlockError) => unknown): void {
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
}
