import type { FastifyInstance } from 'fastify';
import { AirlockError } from '../../errors/airlock-error.js';
import type { Gateway } from '../../pipeline/gateway.js';
import { handleRequest } from '../../pipeline/handle-request.js';
import { finalizeRequest, getRequestContext } from '../../server/request-lifecycle.js';
import { sendEventStream } from '../../server/send-event-stream.js';
import { parseResponsesRequest } from './convert-request.js';
import { encodeResponse } from './encode-response.js';
import { encodeResponsesStream, renderResponsesStreamError } from './encode-stream.js';

/**
 * OpenAI's Responses API (`POST /v1/responses`), as Codex and the Agents SDK use it, on the same
 * pipeline as every other surface. Airlock keeps no responses, so nothing can be retrieved later.
 */
export function registerResponsesRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.post('/v1/responses', { config: { surface: 'openai-responses' } }, async (request, reply) => {
    const context = getRequestContext(request);
    const parsed = parseResponsesRequest(request.body);
    const result = await handleRequest(gateway, context, {
      kind: 'chat',
      request: parsed.request,
      stream: parsed.stream,
      ...(parsed.store ? { storage: { param: 'store', feature: 'store: true' } } : {}),
    });
    const identity = {
      id: `resp_${context.id.replaceAll('-', '')}`,
      createdAt: Math.floor(Date.now() / 1000),
      model: result.route.model,
      echo: parsed.echo,
    };
    if (result.result.type === 'stream') {
      return sendEventStream(reply, encodeResponsesStream(result.result.events, identity), {
        contentType: 'text/event-stream; charset=utf-8',
        headers: result.headers,
        renderError: renderResponsesStreamError,
        logger: gateway.logger,
        requestId: context.id,
        onEnd: (outcome) => finalizeRequest(gateway, context, outcome),
      });
    }
    if (result.result.type !== 'generate') throw new Error('chat operation returned another result');
    return reply
      .headers(result.headers)
      .type('application/json')
      .send(JSON.stringify(encodeResponse(result.result.response, identity)));
  });

  const notKept = async (): Promise<never> => {
    throw new AirlockError(
      'ROUTE_NOT_FOUND',
      'Airlock keeps no responses (zero retention), so none can be retrieved, listed or cancelled.',
    );
  };
  app.get('/v1/responses/:id', notKept);
  app.delete('/v1/responses/:id', notKept);
  app.get('/v1/responses/:id/input_items', notKept);
  app.post('/v1/responses/:id/cancel', notKept);
}
