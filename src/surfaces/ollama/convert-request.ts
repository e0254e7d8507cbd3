import type { ChatRequest, CompletionRequest, ContentPart, Message } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import type { Operation } from '../../pipeline/operation.js';
import { validateBody } from '../validate.js';
import { convertImage, convertMessages } from './convert-messages.js';
import { convertFormat, convertOptions, convertTools } from './convert-options.js';
import { chatBodySchema, generateBodySchema } from './ollama-schemas.js';

/**
 * What an `/api/chat` or `/api/generate` body asks for: a generation through the pipeline, or
 * Ollama's "load/unload the model" call (no messages or no prompt), which sends nothing anywhere.
 */
export type OllamaPlan =
  | { kind: 'generate'; operation: Extract<Operation, { kind: 'chat' | 'completion' }>; stream: boolean }
  | { kind: 'load'; model: string; unload: boolean; stream: boolean };

/** Maps a requested name to a configured one (e.g. strips Ollama's implicit `:latest`). */
export type NormalizeModel = (name: string) => string;

/** `/api/chat` body → canonical chat operation. */
export function parseChatBody(body: unknown, normalizeModel: NormalizeModel): OllamaPlan {
  const input = validateBody(chatBodySchema, body);
  const model = normalizeModel(input.model);
  const stream = input.stream !== false;
  if (!input.messages || input.messages.length === 0) return { kind: 'load', model, unload: isUnload(input.keep_alive), stream };
  const request: ChatRequest = { model, messages: convertMessages(input.messages), ...convertOptions(input.options) };
  if (input.tools?.length) request.tools = convertTools(input.tools);
  const format = convertFormat(input.format);
  if (format) request.responseFormat = format;
  return { kind: 'generate', operation: { kind: 'chat', request, stream }, stream };
}

/**
 * `/api/generate` body. Ollama wraps a plain prompt in the model's chat template, so it becomes a
 * one-turn chat (with `system` and `images`); `raw: true` (the prompt is already templated) and
 * `suffix` (fill-in-the-middle autocomplete) are text completions, answered as written.
 */
export function parseGenerateBody(body: unknown, normalizeModel: NormalizeModel): OllamaPlan {
  const input = validateBody(generateBodySchema, body);
  const model = normalizeModel(input.model);
  const stream = input.stream !== false;
  const prompt = input.prompt ?? '';
  const suffix = input.suffix ?? '';
  const images = input.images ?? [];
  if (prompt === '' && suffix === '' && images.length === 0) return { kind: 'load', model, unload: isUnload(input.keep_alive), stream };
  const options = convertOptions(input.options);
  if (input.raw === true || suffix !== '') {
    refuseInCompletion(input.images?.length ? 'images' : undefined);
    refuseInCompletion(input.format ? 'format' : undefined);
    refuseInCompletion(input.system ? 'system' : undefined);
    const request: CompletionRequest = { model, prompt, ...options };
    if (suffix !== '') request.suffix = suffix;
    return { kind: 'generate', operation: { kind: 'completion', request, stream }, stream };
  }
  const messages: Message[] = [];
  if (input.system) messages.push({ role: 'system', content: [{ type: 'text', text: input.system }] });
  const content: ContentPart[] = [
    { type: 'text', text: prompt },
    ...images.map((image): ContentPart => ({ type: 'image', url: convertImage(image) })),
  ];
  messages.push({ role: 'user', content });
  const request: ChatRequest = { model, messages, ...options };
  const format = convertFormat(input.format);
  if (format) request.responseFormat = format;
  return { kind: 'generate', operation: { kind: 'chat', request, stream }, stream };
}

function refuseInCompletion(param: string | undefined): void {
  if (param === undefined) return;
  throw new AirlockError('INVALID_REQUEST', `${param} is not supported together with raw or suffix.`, { param });
}

/** `keep_alive: 0` (or "0", "0s"...) on an empty request asks Ollama to unload the model. */
function isUnload(keepAlive: string | number | null | undefined): boolean {
  if (keepAlive === 0) return true;
  return typeof keepAlive === 'string' && /^0+(?:\.0+)?(?:ns|us|µs|ms|s|m|h)?$/.test(keepAlive.trim());
}
