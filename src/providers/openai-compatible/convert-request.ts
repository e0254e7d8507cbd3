import type {
  ChatRequest,
  CompletionRequest,
  EmbeddingRequest,
  GenerationOptions,
  ResponseFormat,
  ToolChoice,
  ToolDefinition,
} from '../../canonical/types.js';
import type { Tier } from '../../config/schema.js';
import { convertMessages } from './convert-messages.js';
import type { OpenAIEndpoint } from './resolve-endpoint.js';

export interface ConvertOptions {
  endpoint: OpenAIEndpoint;
  tier: Tier;
  stream: boolean;
}

/** Builds a Chat Completions body. Undefined fields are dropped by JSON serialisation. */
export function convertChatRequest(request: ChatRequest, options: ConvertOptions): Record<string, unknown> {
  return {
    model: request.model,
    messages: convertMessages(request.messages),
    ...convertGenerationOptions(request, options.endpoint, 'chat'),
    tools: request.tools?.map(convertTool),
    tool_choice: request.toolChoice === undefined ? undefined : convertToolChoice(request.toolChoice),
    // Only meaningful alongside tools; some servers reject it on its own.
    parallel_tool_calls: request.tools?.length ? request.parallelToolCalls : undefined,
    response_format: request.responseFormat === undefined ? undefined : convertResponseFormat(request.responseFormat),
    user: request.user,
    // Zero retention: an enterprise destination must never keep the completion for later
    // retrieval or distillation, whatever the account's default is.
    store: options.tier === 'enterprise' ? false : undefined,
    ...convertStreamFields(options.stream),
  };
}

/**
 * Builds a legacy Completions body; `suffix` makes it fill-in-the-middle. No `store` here: only
 * Chat Completions has that parameter (the legacy endpoint keeps nothing to retrieve), and
 * strict servers refuse parameters they do not know.
 */
export function convertCompletionRequest(request: CompletionRequest, options: ConvertOptions): Record<string, unknown> {
  return {
    model: request.model,
    prompt: request.prompt,
    suffix: request.suffix,
    echo: request.echo,
    ...convertGenerationOptions(request, options.endpoint, 'completion'),
    user: request.user,
    ...convertStreamFields(options.stream),
  };
}

export function convertEmbeddingRequest(request: EmbeddingRequest): Record<string, unknown> {
  return {
    model: request.model,
    input: request.input,
    dimensions: request.dimensions,
    // Always floats: base64 would need decoding and not every compatible server offers it.
    encoding_format: 'float',
    user: request.user,
  };
}

function convertGenerationOptions(
  options: GenerationOptions,
  endpoint: OpenAIEndpoint,
  operation: 'chat' | 'completion',
): Record<string, unknown> {
  // OpenAI's own API and Azure deprecated `max_tokens` on chat and reject it for reasoning
  // models, while accepting `max_completion_tokens` for every model. Other compatible servers
  // (vLLM, llama.cpp, LM Studio, older releases especially) only know `max_tokens`, and the
  // legacy completions endpoint only has `max_tokens` everywhere.
  const useCompletionTokens = operation === 'chat' && endpoint.flavour !== 'generic';
  return {
    [useCompletionTokens ? 'max_completion_tokens' : 'max_tokens']: options.maxTokens,
    temperature: options.temperature,
    top_p: options.topP,
    // top_k is not part of OpenAI's API (OpenAI and Azure reject it); local servers honour it.
    top_k: endpoint.flavour === 'generic' ? options.topK : undefined,
    stop: options.stop?.length ? options.stop : undefined,
    seed: options.seed,
    presence_penalty: options.presencePenalty,
    frequency_penalty: options.frequencyPenalty,
  };
}

function convertStreamFields(stream: boolean): Record<string, unknown> {
  // Without include_usage a stream carries no token counts, and usage would go unaccounted.
  return stream ? { stream: true, stream_options: { include_usage: true } } : {};
}

function convertTool(tool: ToolDefinition): Record<string, unknown> {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters, strict: tool.strict },
  };
}

function convertToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function convertResponseFormat(format: ResponseFormat): unknown {
  if (format.type !== 'json_schema') return { type: format.type };
  return {
    type: 'json_schema',
    json_schema: { name: format.name, description: format.description, schema: format.schema, strict: format.strict },
  };
}
