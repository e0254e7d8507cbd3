import type { FastifyInstance } from 'fastify';
import type { OllamaListenerConfig } from '../config/schema.js';
import type { Gateway } from '../pipeline/gateway.js';
import { attachBrowserGuards } from '../surfaces/ollama/browser-guards.js';
import { registerOllamaRoutes } from '../surfaces/ollama/register-ollama-routes.js';
import { ollamaErrorRenderer } from '../surfaces/ollama/render-error.js';
import { openAIErrorRenderer, registerOpenAIRoutes } from '../surfaces/openai/register-openai-routes.js';
import { registerResponsesRoutes } from '../surfaces/responses/register-responses-routes.js';
import type { Logger } from '../telemetry/logger.js';
import { createGatewayApp } from './create-gateway-app.js';

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
  const app = createGatewayApp(gateway, {
    renderers: [openAIErrorRenderer],
    fallback: ollamaErrorRenderer,
    // Before the lifecycle (and so before authentication): a rebinding or foreign-origin request
    // is refused without any work done for it.
    attachFirst: (instance) => attachBrowserGuards(instance, settings),
  });
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
