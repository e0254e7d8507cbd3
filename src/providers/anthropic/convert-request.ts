import type { ChatRequest, CompletionRequest, Message, ToolChoice } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { convertMessages } from './convert-messages.js';

/** Anthropic requires max_tokens; this is used when the client did not set one. */
export const defaultMaxTokens = 4096;

/**
 * Builds a Messages API body. Not translated, because the Messages API has no equivalent:
 * `seed`, presence/frequency penalties and `responseFormat` (JSON mode and JSON schema; a client
 * relying on them must say so in its prompt or use tools). `user` goes to `metadata.user_id`,
 * Anthropic's field for an opaque end-user id.
 */
export function convertChatRequest(request: ChatRequest, stream: boolean): Record<string, unknown> {
  const { system, messages } = convertMessages(request.messages);
  const hasTools = (request.tools?.length ?? 0) > 0;
  return {
    model: request.model,
    system,
    messages,
    max_tokens: request.maxTokens ?? defaultMaxTokens,
    stop_sequences: request.stop?.length ? request.stop : undefined,
    temperature: request.temperature,
    top_p: request.topP,
    top_k: request.topK,
    tools: hasTools
      ? request.tools?.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters }))
      : undefined,
    tool_choice: hasTools ? convertToolChoice(request.toolChoice, request.parallelToolCalls) : undefined,
    metadata: request.user === undefined ? undefined : { user_id: request.user },
    stream: stream ? true : undefined,
  };
}

/**
 * A plain completion becomes one user turn (Anthropic has no raw completion endpoint). A suffix
 * (fill-in-the-middle) cannot be honoured, so it is refused rather than silently dropped.
 */
export function convertCompletionRequest(request: CompletionRequest, stream: boolean): Record<string, unknown> {
  if (request.suffix !== undefined) {
    throw new AirlockError('CAPABILITY_UNSUPPORTED', 'This destination cannot do fill-in-the-middle completions.', { param: 'suffix' });
  }
  const message: Message = { role: 'user', content: [{ type: 'text', text: request.prompt }] };
  const { prompt: _prompt, suffix: _suffix, echo: _echo, ...options } = request;
  return convertChatRequest({ ...options, messages: [message] }, stream);
}

function convertToolChoice(choice: ToolChoice | undefined, parallelToolCalls: boolean | undefined): Record<string, unknown> | undefined {
  if (choice === 'none') return { type: 'none' };
  const disableParallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return parallelToolCalls === false ? { type: 'auto', ...disableParallel } : undefined;
  if (choice === 'auto') return { type: 'auto', ...disableParallel };
  if (choice === 'required') return { type: 'any', ...disableParallel };
  return { type: 'tool', name: choice.name, ...disableParallel };
}
