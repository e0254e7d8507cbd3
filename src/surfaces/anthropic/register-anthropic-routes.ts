import type { FastifyInstance, FastifyReply } from 'fastify';
import { listTexts } from '../../canonical/texts.js';
import type { ChatRequest } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { approximateTokens } from '../../identity/estimate-tokens.js';
import type { Gateway } from '../../pipeline/gateway.js';
import { handleRequest } from '../../pipeline/handle-request.js';
import type { GatewayReply } from '../../pipeline/operation.js';
import type { RequestContext } from '../../pipeline/request-context.js';
import type { ErrorRenderer } from '../../server/error-rendering.js';
import { finalizeRequest, getRequestContext } from '../../server/request-lifecycle.js';
import { sendEventStream } from '../../server/send-event-stream.js';
import { parseCountTokensRequest, parseMessageRequest } from './convert-message-request.js';
import { encodeMessageResponse } from './encode-message.js';
import { encodeMessageStream, PING_EVENT } from './encode-message-stream.js';
import { interleavePings } from './interleave-pings.js';
import { renderAnthropicError, renderAnthropicStreamError } from './render-error.js';

/** Errors under `/v1/messages` (count_tokens and unknown sub-routes included) are Anthropic's. */
export const anthropicErrorRenderer: ErrorRenderer = { prefixes: ['/v1/messages'], renderBody: renderAnthropicError };

/** Silence after which a stream gets a `ping` event. */
const PING_INTERVAL_MS = 10_000;

/**
 * Anthropic's Messages API: `POST /v1/messages` (JSON and streaming) and
 * `POST /v1/messages/count_tokens`. The `anthropic-version` and `anthropic-beta` headers are
 * accepted and not forwarded: Airlock speaks one fixed Messages dialect to its destinations, and a
 * beta could change the reply into a shape it cannot inspect and restore.
 */
export function registerAnthropicRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.post('/v1/messages', { config: { surface: 'anthropic' } }, async (request, reply) => {
    const context = getRequestContext(request);
    const parsed = parseMessageRequest(request.body);
    const result = await handleRequest(gateway, context, { kind: 'chat', request: parsed.request, stream: parsed.stream });
    const options = { id: createMessageId(context), model: result.route.model };
    if (result.result.type === 'generate') {
      return sendJson(reply, result.headers, encodeMessageResponse(result.result.response, options));
    }
    if (result.result.type !== 'stream') throw new AirlockError('INTERNAL', 'A chat returned another kind of result.');
    const chunks = encodeMessageStream(result.result.events, { ...options, estimatedInputTokens: estimateTokens(parsed.request) });
    return sendStream(reply, gateway, context, result, interleavePings(chunks, PING_INTERVAL_MS, PING_EVENT));
  });

  app.post('/v1/messages/count_tokens', { config: { surface: 'anthropic' } }, async (request, reply) => {
    const context = getRequestContext(request);
    const result = await handleRequest(gateway, context, { kind: 'count-tokens', request: parseCountTokensRequest(request.body) });
    if (result.result.type !== 'count') throw new AirlockError('INTERNAL', 'A token count returned another kind of result.');
    return sendJson(reply, result.headers, { input_tokens: result.result.inputTokens });
  });
}

/** Anthropic ids look like `msg_01XFDUDYJgAACzvnptvVoYEL`; the request id keeps them traceable. */
function createMessageId(context: RequestContext): string {
  return `msg_${context.id.replaceAll('-', '')}`;
}

/** A cheap estimate for `message_start` (tokenising a long prompt would delay the first byte). */
function estimateTokens(request: ChatRequest): number {
  let length = 0;
  for (const target of listTexts(request)) length += target.text.length;
  return approximateTokens(length);
}

function sendJson(reply: FastifyReply, headers: Record<string, string>, body: unknown): FastifyReply {
  return reply.headers(headers).type('application/json').send(JSON.stringify(body));
}

function sendStream(reply: FastifyReply, gateway: Gateway, context: RequestContext, result: GatewayReply, chunks: AsyncIterable<string>) {
  return sendEventStream(reply, chunks, {
    contentType: 'text/event-stream; charset=utf-8',
    headers: result.headers,
    renderError: renderAnthropicStreamError,
    logger: gateway.logger,
    requestId: result.requestId,
    onEnd: (outcome) => finalizeRequest(gateway, context, outcome),
  });
}
