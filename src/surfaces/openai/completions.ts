import { z } from 'zod';
import type { CompletionRequest, GenerateResponse, StreamEvent } from '../../canonical/types.js';
import { validateBody } from '../validate.js';
import { stopSchema } from './chat-request-schema.js';
import { convertGenerationOptions } from './convert-chat-request.js';
import { convertFinishReason, convertUsage, type EncodeOptions } from './encode-chat.js';

const completionRequestSchema = z.object({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()).length(1, { message: 'only one prompt per request is supported' })]),
  suffix: z.string().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: z.literal(1, { message: 'only n = 1 is supported' }).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  echo: z.boolean().nullish(),
  stop: stopSchema,
  seed: z.number().int().nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  user: z.string().optional(),
});

/** OpenAI's legacy default when max_tokens is absent. */
const DEFAULT_MAX_TOKENS = 16;

export function parseCompletionRequest(body: unknown): { request: CompletionRequest; stream: boolean; includeUsage: boolean } {
  const input = validateBody(completionRequestSchema, body);
  const prompt = typeof input.prompt === 'string' ? input.prompt : (input.prompt[0] ?? '');
  const request: CompletionRequest = {
    model: input.model,
    prompt,
    ...convertGenerationOptions(input),
  };
  request.maxTokens ??= DEFAULT_MAX_TOKENS;
  if (input.suffix != null) request.suffix = input.suffix;
  if (input.echo) request.echo = true;
  if (input.user !== undefined) request.user = input.user;
  return { request, stream: input.stream === true, includeUsage: input.stream_options?.include_usage === true };
}

export function encodeCompletionResponse(response: GenerateResponse, options: EncodeOptions): Record<string, unknown> {
  return {
    id: options.id,
    object: 'text_completion',
    created: options.created,
    model: options.model,
    choices: [{ text: response.text, index: 0, logprobs: null, finish_reason: convertFinishReason(response.finishReason) }],
    usage: convertUsage(response.usage),
  };
}

export async function* encodeCompletionStream(
  events: AsyncIterable<StreamEvent>,
  options: EncodeOptions & { includeUsage: boolean },
): AsyncGenerator<string> {
  const head = `{"id":${JSON.stringify(options.id)},"object":"text_completion","created":${options.created},"model":${JSON.stringify(options.model)},"choices":`;
  const tail = options.includeUsage ? ',"usage":null}' : '}';
  for await (const event of events) {
    if (event.type === 'text-delta' && event.text !== '') {
      yield `data: ${head}[${JSON.stringify({ text: event.text, index: 0, logprobs: null, finish_reason: null })}]${tail}\n\n`;
    } else if (event.type === 'finish') {
      const choice = { text: '', index: 0, logprobs: null, finish_reason: convertFinishReason(event.finishReason) };
      yield `data: ${head}[${JSON.stringify(choice)}]${tail}\n\n`;
      if (options.includeUsage) yield `data: ${head}[],"usage":${JSON.stringify(convertUsage(event.usage))}}\n\n`;
      yield 'data: [DONE]\n\n';
      return;
    }
  }
}
