import { randomUUID } from 'node:crypto';
import type { FinishReason, GenerateResponse, ToolCall, Usage } from '../../canonical/types.js';
import type { OllamaChatChunk, OllamaGenerateChunk, OllamaWireToolCall } from './ollama-wire.js';

/**
 * Ollama's `done_reason` to the canonical finish reason. Tool calls win: Ollama reports `stop`
 * when the model called tools, but clients wait for `tool-calls` to run them. `load`/`unload`
 * answer an empty request (a model warm-up), not a generation. Old servers send no reason.
 */
export function mapDoneReason(doneReason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls) return 'tool-calls';
  switch (doneReason) {
    case undefined:
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    default:
      return 'other';
  }
}

/** Token counts from the final object; Ollama omits a count that is zero (a fully cached prompt). */
export function convertUsage(chunk: { prompt_eval_count?: number | undefined; eval_count?: number | undefined }): Usage | undefined {
  if (chunk.prompt_eval_count === undefined && chunk.eval_count === undefined) return undefined;
  return { inputTokens: chunk.prompt_eval_count ?? 0, outputTokens: chunk.eval_count ?? 0 };
}

/** Ollama's arguments are an object; canonical arguments are its JSON text. Ollama sends no id: one is made. */
export function convertToolCall(toolCall: OllamaWireToolCall): ToolCall {
  const args = toolCall.function.arguments;
  return {
    id: toolCall.id ?? `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
    name: toolCall.function.name,
    arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
  };
}

export function convertChatResponse(chunk: OllamaChatChunk, requestedModel: string): GenerateResponse {
  const toolCalls = (chunk.message?.tool_calls ?? []).map(convertToolCall);
  const response: GenerateResponse = {
    model: chunk.model ?? requestedModel,
    text: chunk.message?.content ?? '',
    toolCalls,
    finishReason: mapDoneReason(chunk.done_reason, toolCalls.length > 0),
  };
  const usage = convertUsage(chunk);
  if (usage) response.usage = usage;
  return response;
}

export function convertGenerateResponse(chunk: OllamaGenerateChunk, requestedModel: string): GenerateResponse {
  const response: GenerateResponse = {
    model: chunk.model ?? requestedModel,
    text: chunk.response ?? '',
    toolCalls: [],
    finishReason: mapDoneReason(chunk.done_reason, false),
  };
  const usage = convertUsage(chunk);
  if (usage) response.usage = usage;
  return response;
}
