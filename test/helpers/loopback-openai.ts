/**
 * Builders of OpenAI wire-format replies (Chat Completions, Completions, Embeddings, errors and
 * SSE streams) for loopback servers, following platform.openai.com's API reference: every field
 * the real API sends, so clients that read more than Airlock does still parse them.
 */
import { formatServerSentEvent } from './loopback-server.js';

export interface OpenAIUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface OpenAIToolCallSpec {
  id: string;
  name: string;
  /** The arguments JSON, as streamed fragments (joined for a non-streamed reply). */
  argumentPieces: string[];
}

export interface OpenAIChatSpec {
  model?: string;
  /** Text fragments (joined for a non-streamed reply); omit for a tool-only turn. */
  textPieces?: string[];
  toolCalls?: OpenAIToolCallSpec[];
  finishReason?: string;
  usage?: OpenAIUsage;
}

const created = 1_741_569_952;

/** A complete `chat.completion` object. */
export function createChatCompletion(spec: OpenAIChatSpec): Record<string, unknown> {
  const text = spec.textPieces?.join('');
  const toolCalls = spec.toolCalls?.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.argumentPieces.join('') },
  }));
  return {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    object: 'chat.completion',
    created,
    model: spec.model ?? 'gpt-4o-2024-08-06',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text ?? null,
          refusal: null,
          annotations: [],
          ...(toolCalls?.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: spec.finishReason ?? (toolCalls?.length ? 'tool_calls' : 'stop'),
      },
    ],
    usage: formatUsage(spec.usage ?? { promptTokens: 19, completionTokens: 10 }),
    service_tier: 'default',
    system_fingerprint: 'fp_a288987b44',
  };
}

/**
 * The `chat.completion.chunk`s of a stream, in the documented order: a role chunk, text
 * deltas, per tool call a chunk with id/type/name then argument fragments, a chunk with an empty
 * delta and the finish_reason, then (include_usage) a chunk with empty choices and the usage.
 */
export function createChatChunks(spec: OpenAIChatSpec, includeUsage = true): Record<string, unknown>[] {
  const model = spec.model ?? 'gpt-4o-2024-08-06';
  const usageField = includeUsage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    id: 'chatcmpl-BcO1gPfCFAf86O5CyQ9CTeEyoc8KG',
    object: 'chat.completion.chunk',
    created,
    model,
    service_tier: 'default',
    system_fingerprint: 'fp_eede8f0d45',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...usageField,
  });
  const chunks: Record<string, unknown>[] = [chunk({ role: 'assistant', content: spec.toolCalls?.length ? null : '', refusal: null })];
  for (const text of spec.textPieces ?? []) chunks.push(chunk({ content: text }));
  spec.toolCalls?.forEach((call, index) => {
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of call.argumentPieces) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  chunks.push(chunk({}, spec.finishReason ?? (spec.toolCalls?.length ? 'tool_calls' : 'stop')));
  if (includeUsage) {
    const usage = formatUsage(spec.usage ?? { promptTokens: 19, completionTokens: 10 });
    chunks.push({ ...chunk({}), choices: [], usage });
  }
  return chunks;
}

/** Formats chunks as `data: {json}` events; `done` appends the `data: [DONE]` terminator. */
export function formatOpenAIStream(chunks: unknown[], done = true): string {
  return chunks.map((chunk) => formatServerSentEvent(JSON.stringify(chunk))).join('') + (done ? formatServerSentEvent('[DONE]') : '');
}

/** A legacy `text_completion` object. */
export function createTextCompletion(text: string, options: { model?: string; finishReason?: string; usage?: OpenAIUsage } = {}) {
  return {
    id: 'cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7',
    object: 'text_completion',
    created,
    model: options.model ?? 'gpt-3.5-turbo-instruct',
    system_fingerprint: 'fp_44709d6fcb',
    choices: [{ text, index: 0, logprobs: null, finish_reason: options.finishReason ?? 'stop' }],
    usage: formatUsage(options.usage ?? { promptTokens: 5, completionTokens: 7 }),
  };
}

/** Streamed legacy completion chunks (each a `text_completion` with one text piece), then a usage chunk. */
export function createTextCompletionChunks(pieces: string[], options: { model?: string; usage?: OpenAIUsage } = {}) {
  const model = options.model ?? 'gpt-3.5-turbo-instruct';
  const chunk = (text: string, finishReason: string | null) => ({
    id: 'cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe',
    object: 'text_completion',
    created,
    model,
    choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }],
  });
  return [
    ...pieces.map((piece) => chunk(piece, null)),
    chunk('', 'length'),
    { ...chunk('', null), choices: [], usage: formatUsage(options.usage ?? { promptTokens: 5, completionTokens: 7 }) },
  ];
}

/** An embeddings `list`, with the vectors in the order given. */
export function createEmbeddingList(vectors: number[][], model = 'text-embedding-3-small', promptTokens = 8) {
  return {
    object: 'list',
    data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

/** OpenAI's error body. */
export function createOpenAIError(message: string, type: string, code: string | null = null, param: string | null = null) {
  return { error: { message, type, param, code } };
}

function formatUsage(usage: OpenAIUsage) {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}
