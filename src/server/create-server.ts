import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../pipeline/gateway.js';
import { anthropicErrorRenderer, registerAnthropicRoutes } from '../surfaces/anthropic/register-anthropic-routes.js';
import { registerOpenAIRoutes, openAIErrorRenderer } from '../surfaces/openai/register-openai-routes.js';
import { registerResponsesRoutes } from '../surfaces/responses/register-responses-routes.js';
import { createGatewayApp } from './create-gateway-app.js';

export interface CreateServerOptions {
  gateway: Gateway;
}

/** The main listener: the OpenAI, Responses and Anthropic surfaces, health and readiness. */
export function createServer(options: CreateServerOptions): FastifyInstance {
  const { gateway } = options;
  // More specific prefixes first: /v1/messages is Anthropic's, the rest of /v1/ OpenAI's.
  const app = createGatewayApp(gateway, { renderers: [anthropicErrorRenderer, openAIErrorRenderer], fallback: openAIErrorRenderer });

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
