import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GenerateResponse, StreamEvent } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import type { Gateway } from '../../pipeline/gateway.js';
import { handleRequest } from '../../pipeline/handle-request.js';
import type { GatewayReply } from '../../pipeline/operation.js';
import type { RequestContext } from '../../pipeline/request-context.js';
import { finalizeRequest, getRequestContext } from '../../server/request-lifecycle.js';
import type { ErrorRenderer } from '../../server/error-rendering.js';
import { sendEventStream } from '../../server/send-event-stream.js';
import { parseChatRequest } from './convert-chat-request.js';
import { encodeChatResponse, encodeChatStream } from './encode-chat.js';
import { encodeCompletionResponse, encodeCompletionStream, parseCompletionRequest } from './completions.js';
import { encodeEmbeddingResponse, parseEmbeddingRequest } from './embeddings.js';
import { renderOpenAIError } from './render-error.js';
import { listOpenAIModels } from './models.js';
import { describeAnthropicModel, isAnthropicCaller, listAnthropicModels } from '../anthropic/models.js';

export const openAIErrorRenderer: ErrorRenderer = { prefixes: ['/v1/'], renderBody: renderOpenAIError };

const renderStreamError = (error: Parameters<typeof renderOpenAIError>[0]): string =>
  `data: ${JSON.stringify(renderOpenAIError(error))}\n\n`;

/** OpenAI's API: chat completions, legacy completions (fill-in-the-middle), embeddings, models. */
export function registerOpenAIRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.post('/v1/chat/completions', { config: { surface: 'openai' } }, async (request, reply) => {
    const context = getRequestContext(request);
    const parsed = parseChatRequest(request.body);
    const result = await handleRequest(gateway, context, {
      kind: 'chat',
      request: parsed.request,
      stream: parsed.stream,
      ...(parsed.store ? { storage: { param: 'store', feature: 'store: true' } } : {}),
    });
    const encodeOptions = { id: `chatcmpl-${context.id}`, created: Math.floor(Date.now() / 1000), model: result.route.model };
    return sendReply(reply, gateway, context, result, {
      stream: (events) => encodeChatStream(events, { ...encodeOptions, includeUsage: parsed.includeUsage }),
      json: (response) => encodeChatResponse(response, encodeOptions),
    });
  });

  app.post('/v1/completions', { config: { surface: 'openai' } }, async (request, reply) => {
    const context = getRequestContext(request);
    const parsed = parseCompletionRequest(request.body);
    const result = await handleRequest(gateway, context, { kind: 'completion', request: parsed.request, stream: parsed.stream });
    const encodeOptions = { id: `cmpl-${context.id}`, created: Math.floor(Date.now() / 1000), model: result.route.model };
    return sendReply(reply, gateway, context, result, {
      stream: (events) => encodeCompletionStream(events, { ...encodeOptions, includeUsage: parsed.includeUsage }),
      json: (response) => encodeCompletionResponse(response, encodeOptions),
    });
  });

  app.post('/v1/embeddings', { config: { surface: 'openai' } }, async (request, reply) => {
    const context = getRequestContext(request);
    const parsed = parseEmbeddingRequest(request.body);
    const result = await handleRequest(gateway, context, { kind: 'embedding', request: parsed.request });
    if (result.result.type !== 'embedding') throw new Error('embedding operation returned another result');
    return reply
      .headers(result.headers)
      .type('application/json')
      .send(JSON.stringify(encodeEmbeddingResponse(result.result.response, result.route.model, parsed.encoding)));
  });

  // The same paths serve Anthropic's Models API to Anthropic's clients (Claude Code's model picker).
  app.get('/v1/models', { config: { authenticate: true } }, async (request, reply) =>
    reply.send(
      isAnthropicCaller(request.headers)
        ? listAnthropicModels(gateway, request.query as Record<string, unknown>)
        : listOpenAIModels(gateway),
    ),
  );
  app.get('/v1/models/:model', { config: { authenticate: true } }, async (request, reply) => {
    const { model } = request.params as { model: string };
    const entry = gateway.catalog.resolve(model);
    const listed = listOpenAIModels(gateway).data.find((item) => item.id === entry.name);
    if (!listed) throw new AirlockError('MODEL_NOT_FOUND', `The model "${model.slice(0, 100)}" is not available.`, { param: 'model' });
    return reply.send(isAnthropicCaller(request.headers) ? describeAnthropicModel(gateway, entry) : listed);
  });
}

interface Encoders {
  stream: (events: AsyncIterable<StreamEvent>) => AsyncIterable<string>;
  json: (response: GenerateResponse) => unknown;
}

async function sendReply(
  reply: FastifyReply,
  gateway: Gateway,
  context: RequestContext,
  result: GatewayReply,
  encoders: Encoders,
): Promise<FastifyReply | void> {
  if (result.result.type === 'stream') {
    return sendEventStream(reply, encoders.stream(result.result.events), {
      contentType: 'text/event-stream; charset=utf-8',
      headers: result.headers,
      renderError: renderStreamError,
      logger: gateway.logger,
      requestId: result.requestId,
      onEnd: (outcome) => finalizeRequest(gateway, context, outcome),
    });
  }
  if (result.result.type !== 'generate') throw new Error('generation returned another result');
  return reply
    .headers(result.headers)
    .type('application/json')
    .send(JSON.stringify(encoders.json(result.result.response)));
}
