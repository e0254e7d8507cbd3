import type { CompletionRequest, GenerateResponse, StreamEvent } from '../../canonical/types.js';
import type { DestinationConfig } from '../../config/schema.js';
import { readApiKey } from '../http/read-api-key.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendUpstream, type UpstreamCall } from '../http/send-upstream.js';
import { createUpstreamClient } from '../http/upstream-client.js';
import type { ProviderContext } from '../registry.js';
import type { Provider } from '../types.js';
import { convertChatRequest, convertCompletionRequest } from './convert-request.js';
import { convertMessageResponse } from './convert-response.js';
import { createErrorConverter } from './parse-error.js';
import { readAnthropicEventStream } from './read-event-stream.js';

type AnthropicConfig = Extract<DestinationConfig, { kind: 'anthropic' }>;

/**
 * A destination that speaks Anthropic's Messages API. `baseUrl` is the API root without the
 * version, as Anthropic's SDKs take it (`https://api.anthropic.com`); requests go to
 * `{baseUrl}/v1/messages`. A base URL that already ends in `/v1` is accepted too, so a copied
 * OpenAI-style URL does not turn into `/v1/v1/messages`.
 *
 * Chat and plain completions (as one user turn) are supported; fill-in-the-middle and embeddings
 * are not, as the Messages API has neither.
 */
export function createAnthropicProvider(id: string, config: AnthropicConfig, context: ProviderContext): Provider {
  const apiKey = readApiKey(id, config.apiKeyEnv, context.env);
  const secrets = apiKey === undefined ? [] : [apiKey];
  const client = createUpstreamClient({
    baseUrl: config.baseUrl,
    timeouts: config.timeouts,
    // Credentials and version last: a configured header must never replace them.
    headers: { ...config.headers, 'anthropic-version': config.version, ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }) },
    name: id,
  });
  const call: UpstreamCall = { client, name: id, convertError: createErrorConverter(id, secrets) };
  const messagesPath = /\/v1\/?$/.test(new URL(config.baseUrl).pathname) ? 'messages' : 'v1/messages';

  async function postMessage(body: Record<string, unknown>, requestedModel: string, signal: AbortSignal): Promise<GenerateResponse> {
    const response = await sendUpstream(call, { method: 'POST', path: messagesPath, body, signal });
    return convertMessageResponse(await readJsonBody(response, id, signal), requestedModel, id);
  }

  /** `echoed` is yielded first, once the destination accepted the request (so a refusal stays retryable). */
  async function* streamMessage(
    body: Record<string, unknown>,
    requestedModel: string,
    signal: AbortSignal,
    echoed = '',
  ): AsyncGenerator<StreamEvent> {
    const response = await sendUpstream(call, { method: 'POST', path: messagesPath, body, signal });
    if (echoed !== '') yield { type: 'text-delta', text: echoed };
    yield* readAnthropicEventStream(response.body, { name: id, signal, requestedModel, secrets, emittedBefore: echoed !== '' });
  }

  async function* streamCompletion(request: CompletionRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    // echo: the prompt comes first, as OpenAI's completions return it.
    yield* streamMessage(convertCompletionRequest(request, true), request.model, signal, request.echo ? request.prompt : '');
  }

  return {
    id,
    kind: 'anthropic',
    tier: config.tier,
    retention: config.retention,
    capabilities: { chat: true, completion: true, fillInTheMiddle: false, embeddings: false, tools: true },
    chat: (request, options) => postMessage(convertChatRequest(request, false), request.model, options.signal),
    chatStream: (request, options) => streamMessage(convertChatRequest(request, true), request.model, options.signal),
    async complete(request, options) {
      const response = await postMessage(convertCompletionRequest(request, false), request.model, options.signal);
      return request.echo ? { ...response, text: request.prompt + response.text } : response;
    },
    completeStream: (request, options) => streamCompletion(request, options.signal),
    // Nothing to load: reachability shows on the first request, so start stays instant.
    async start() {},
    isReady: () => true,
    close: () => client.close(),
  };
}
