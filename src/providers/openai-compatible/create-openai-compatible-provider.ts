import type { StreamEvent } from '../../canonical/types.js';
import type { DestinationConfig } from '../../config/schema.js';
import { readApiKey } from '../http/read-api-key.js';
import { readJsonBody } from '../http/read-json-body.js';
import { sendUpstream, type UpstreamCall } from '../http/send-upstream.js';
import { createUpstreamClient } from '../http/upstream-client.js';
import type { ProviderContext } from '../registry.js';
import type { Provider } from '../types.js';
import { convertChatRequest, convertCompletionRequest, convertEmbeddingRequest } from './convert-request.js';
import { convertChatResponse, convertCompletionResponse, convertEmbeddingResponse } from './convert-response.js';
import { createChatChunkConverter, createCompletionChunkConverter } from './convert-stream.js';
import { createErrorConverter } from './parse-error.js';
import { readOpenAIEventStream, type ChunkConverter } from './read-event-stream.js';
import { resolveEndpoint, type OpenAIOperation } from './resolve-endpoint.js';

type OpenAICompatibleConfig = Extract<DestinationConfig, { kind: 'openai-compatible' }>;

/**
 * A destination that speaks OpenAI's API: OpenAI itself, Azure OpenAI (`config.azure`), and
 * compatible servers such as vLLM, llama.cpp's server and LM Studio. `baseUrl` is what an OpenAI
 * SDK would take (`https://api.openai.com/v1`, `http://host:8000/v1`); for Azure it is the
 * resource endpoint (`https://NAME.openai.azure.com`).
 *
 * Nothing touches the network until the first request: the factory only reads the API key
 * (throwing, with the variable's name, when a configured variable is missing or empty).
 */
export function createOpenAICompatibleProvider(id: string, config: OpenAICompatibleConfig, context: ProviderContext): Provider {
  const apiKey = readApiKey(id, config.apiKeyEnv, context.env);
  const secrets = apiKey === undefined ? [] : [apiKey];
  const endpoint = resolveEndpoint(config, apiKey);
  const client = createUpstreamClient({
    baseUrl: config.baseUrl,
    timeouts: config.timeouts,
    // Credentials last: a configured header must never replace them.
    headers: { ...config.headers, ...endpoint.authHeaders },
    name: id,
  });
  const call: UpstreamCall = { client, name: id, convertError: createErrorConverter(id, secrets) };
  const conversion = (stream: boolean) => ({ endpoint, tier: config.tier, stream });

  async function postJson(operation: OpenAIOperation, model: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    const response = await sendUpstream(call, { method: 'POST', path: endpoint.resolvePath(operation, model), body, signal });
    return readJsonBody(response, id, signal);
  }

  async function* postStream(
    operation: OpenAIOperation,
    model: string,
    body: unknown,
    converter: ChunkConverter,
    signal: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    const response = await sendUpstream(call, { method: 'POST', path: endpoint.resolvePath(operation, model), body, signal });
    yield* readOpenAIEventStream(response.body, converter, { name: id, signal, secrets });
  }

  return {
    id,
    kind: 'openai-compatible',
    tier: config.tier,
    retention: config.retention,
    capabilities: { chat: true, completion: true, fillInTheMiddle: true, embeddings: true, tools: true },
    async chat(request, options) {
      const json = await postJson('chat/completions', request.model, convertChatRequest(request, conversion(false)), options.signal);
      return convertChatResponse(json, request.model, id);
    },
    chatStream(request, options) {
      const body = convertChatRequest(request, conversion(true));
      return postStream('chat/completions', request.model, body, createChatChunkConverter(request.model, id), options.signal);
    },
    async complete(request, options) {
      const json = await postJson('completions', request.model, convertCompletionRequest(request, conversion(false)), options.signal);
      return convertCompletionResponse(json, request.model, id);
    },
    completeStream(request, options) {
      const body = convertCompletionRequest(request, conversion(true));
      return postStream('completions', request.model, body, createCompletionChunkConverter(request.model, id), options.signal);
    },
    async embed(request, options) {
      const json = await postJson('embeddings', request.model, convertEmbeddingRequest(request), options.signal);
      return convertEmbeddingResponse(json, request.model, request.input.length, id);
    },
    // Nothing to load: reachability shows on the first request, so start stays instant.
    async start() {},
    isReady: () => true,
    close: () => client.close(),
  };
}
