import type { z } from 'zod';
import type {
  ChatRequest,
  CompletionRequest,
  EmbeddingRequest,
  EmbeddingResponse,
  GenerateResponse,
  StreamEvent,
} from '../../canonical/types.js';
import type { DestinationConfig } from '../../config/schema.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { readApiKey } from '../http/read-api-key.js';
import { createUpstreamClient } from '../http/upstream-client.js';
import type { ProviderContext } from '../registry.js';
import type { CallOptions, Provider } from '../types.js';
import { convertChatRequest, convertEmbedRequest, convertGenerateRequest } from './convert-request.js';
import { convertChatResponse, convertGenerateResponse } from './convert-response.js';
import { convertChatStream, convertGenerateStream, type StreamContext } from './convert-stream.js';
import { createOllamaHttp } from './ollama-http.js';
import { chatChunkSchema, embedResponseSchema, generateChunkSchema, tagsResponseSchema } from './ollama-wire.js';

type OllamaConfig = Extract<DestinationConfig, { kind: 'ollama' }>;

/** A model the Ollama server has pulled (`/api/tags`). */
export interface OllamaModelInfo {
  name: string;
  size?: number;
  family?: string;
  parameterSize?: string;
  quantization?: string;
}

/** The Ollama destination, with the extra `listModels()` for inventories and `airlock models`. */
export interface OllamaProvider extends Provider {
  listModels(options: CallOptions): Promise<OllamaModelInfo[]>;
}

/**
 * A destination that speaks Ollama's native API (`/api/chat`, `/api/generate`, `/api/embed`,
 * `/api/tags`). `baseUrl` is the server root, e.g. `http://127.0.0.1:11434`. Nothing touches the
 * network until the first request.
 */
export function createOllamaProvider(id: string, config: OllamaConfig, context: ProviderContext): OllamaProvider {
  const apiKey = readApiKey(id, config.apiKeyEnv, context.env);
  const client = createUpstreamClient({
    baseUrl: config.baseUrl,
    timeouts: config.timeouts,
    // Ollama itself has no auth; a key is for a proxy in front of it. Credentials go last so no header replaces them.
    headers: { ...config.headers, ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }) },
    name: id,
  });
  const http = createOllamaHttp(client, id);

  async function postParsed<T>(path: string, body: unknown, schema: z.ZodType<T>, signal: AbortSignal): Promise<T> {
    const json = await http.requestJson('POST', path, body, signal);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw createMalformedError(id);
    return parsed.data;
  }

  async function* streamEvents(
    path: string,
    body: unknown,
    requestedModel: string,
    convert: (lines: AsyncIterable<unknown>, streamContext: StreamContext) => AsyncGenerator<StreamEvent>,
    signal: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    const streamContext: StreamContext = { name: id, requestedModel, progress: { emitted: false } };
    const lines = http.streamJsonLines(path, body, signal, () => streamContext.progress.emitted);
    yield* convert(lines, streamContext);
  }

  return {
    id,
    kind: 'ollama',
    tier: config.tier,
    retention: config.retention,
    capabilities: { chat: true, completion: true, fillInTheMiddle: true, embeddings: true, tools: true },
    async chat(request: ChatRequest, options: CallOptions): Promise<GenerateResponse> {
      const chunk = await postParsed('/api/chat', convertChatRequest(request, false), chatChunkSchema, options.signal);
      return convertChatResponse(chunk, request.model);
    },
    async *chatStream(request: ChatRequest, options: CallOptions): AsyncGenerator<StreamEvent> {
      yield* streamEvents('/api/chat', convertChatRequest(request, true), request.model, convertChatStream, options.signal);
    },
    async complete(request: CompletionRequest, options: CallOptions): Promise<GenerateResponse> {
      const chunk = await postParsed('/api/generate', convertGenerateRequest(request, false), generateChunkSchema, options.signal);
      return convertGenerateResponse(chunk, request.model);
    },
    async *completeStream(request: CompletionRequest, options: CallOptions): AsyncGenerator<StreamEvent> {
      yield* streamEvents('/api/generate', convertGenerateRequest(request, true), request.model, convertGenerateStream, options.signal);
    },
    async embed(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResponse> {
      const reply = await postParsed('/api/embed', convertEmbedRequest(request), embedResponseSchema, options.signal);
      if (reply.embeddings.length !== request.input.length) throw createMalformedError(id);
      const response: EmbeddingResponse = { model: reply.model ?? request.model, embeddings: reply.embeddings };
      if (reply.prompt_eval_count !== undefined) response.usage = { inputTokens: reply.prompt_eval_count, outputTokens: 0 };
      return response;
    },
    async listModels(options: CallOptions): Promise<OllamaModelInfo[]> {
      const json = await http.requestJson('GET', '/api/tags', undefined, options.signal);
      const parsed = tagsResponseSchema.safeParse(json);
      if (!parsed.success) throw createMalformedError(id);
      return parsed.data.models.map((model) => compactModelInfo(model.name, model.size, model.details ?? undefined));
    },
    isReady: () => true,
    close: () => client.close(),
  };
}

function compactModelInfo(
  name: string,
  size: number | undefined,
  details: { family?: string | undefined; parameter_size?: string | undefined; quantization_level?: string | undefined } | undefined,
): OllamaModelInfo {
  const info: OllamaModelInfo = { name };
  if (size !== undefined) info.size = size;
  if (details?.family !== undefined) info.family = details.family;
  if (details?.parameter_size !== undefined) info.parameterSize = details.parameter_size;
  if (details?.quantization_level !== undefined) info.quantization = details.quantization_level;
  return info;
}

function createMalformedError(id: string): AirlockError {
  return new AirlockError('UPSTREAM_ERROR', `Destination "${id}" sent a reply of an unexpected shape.`, { isRetryable: true });
}
