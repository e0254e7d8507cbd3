import type { z } from 'zod';
import type { EmbeddingResponse, GenerateResponse, ToolCall, Usage } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { mapFinishReason } from './map-finish-reason.js';
import { chatResponseSchema, completionResponseSchema, embeddingResponseSchema, type usageSchema } from './openai-schemas.js';

/** Converts a Chat Completions reply (the first choice) to the canonical response. */
export function convertChatResponse(json: unknown, requestedModel: string, name: string): GenerateResponse {
  const response = parseReply(chatResponseSchema, json, name);
  const choice = response.choices[0];
  const toolCalls: ToolCall[] = (choice?.message.tool_calls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}`,
    name: call.function.name,
    arguments: call.function.arguments ?? '',
  }));
  const functionCall = choice?.message.function_call;
  if (functionCall) toolCalls.push({ id: 'call_function', name: functionCall.name, arguments: functionCall.arguments ?? '' });
  return withUsage(
    {
      model: response.model ?? requestedModel,
      text: choice?.message.content ?? '',
      toolCalls,
      finishReason: mapFinishReason(choice?.finish_reason),
    },
    response.usage,
  );
}

/** Converts a legacy Completions reply (the first choice). */
export function convertCompletionResponse(json: unknown, requestedModel: string, name: string): GenerateResponse {
  const response = parseReply(completionResponseSchema, json, name);
  const choice = response.choices[0];
  return withUsage(
    {
      model: response.model ?? requestedModel,
      text: choice?.text ?? '',
      toolCalls: [],
      finishReason: mapFinishReason(choice?.finish_reason),
    },
    response.usage,
  );
}

/** Converts an embeddings reply, in input order (servers may list them in any order). */
export function convertEmbeddingResponse(json: unknown, requestedModel: string, inputCount: number, name: string): EmbeddingResponse {
  const response = parseReply(embeddingResponseSchema, json, name);
  const embeddings: number[][] = new Array(inputCount);
  response.data.forEach((item, position) => {
    const index = item.index ?? position;
    if (index >= 0 && index < inputCount) embeddings[index] = item.embedding;
  });
  for (let index = 0; index < inputCount; index += 1) {
    if (embeddings[index] === undefined) {
      throw new AirlockError(
        'UPSTREAM_ERROR',
        `Destination "${name}" returned ${response.data.length} embeddings for ${inputCount} inputs.`,
      );
    }
  }
  const usage = convertUsage(response.usage);
  return { model: response.model ?? requestedModel, embeddings, ...(usage ? { usage } : {}) };
}

/** Token counts as reported; absent when the server reported none. */
export function convertUsage(usage: z.infer<typeof usageSchema>): Usage | undefined {
  if (!usage) return undefined;
  return { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 };
}

function withUsage(response: GenerateResponse, usage: z.infer<typeof usageSchema>): GenerateResponse {
  const converted = convertUsage(usage);
  return converted ? { ...response, usage: converted } : response;
}

function parseReply<T extends z.ZodType>(schema: T, json: unknown, name: string): z.infer<T> {
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new AirlockError('UPSTREAM_ERROR', `Destination "${name}" sent a reply in an unexpected shape.`, { cause: result.error });
  }
  return result.data;
}
