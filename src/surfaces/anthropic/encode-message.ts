import type { FinishReason, GenerateResponse, Usage } from '../../canonical/types.js';

export interface MessageEncodeOptions {
  /** `msg_...` */
  id: string;
  /** The configured model that answered. */
  model: string;
}

export interface StopFields {
  stop_reason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';
  stop_sequence: string | null;
}

/**
 * Canonical finish → Anthropic's stop fields. A turn that produced tool calls is `tool_use`
 * whatever the destination said (some local servers say "stop"): clients such as Claude Code run
 * the tools only on `tool_use`. `stop_sequence` needs the destination to name the sequence.
 */
export function convertStopReason(reason: FinishReason, stopSequence: string | undefined, hasToolCalls: boolean): StopFields {
  if (hasToolCalls || reason === 'tool-calls') return { stop_reason: 'tool_use', stop_sequence: null };
  if (reason === 'length') return { stop_reason: 'max_tokens', stop_sequence: null };
  if (reason === 'content-filter') return { stop_reason: 'refusal', stop_sequence: null };
  if (reason === 'stop' && stopSequence !== undefined) return { stop_reason: 'stop_sequence', stop_sequence: stopSequence };
  return { stop_reason: 'end_turn', stop_sequence: null };
}

/** The usage object of a message; Airlock folds prompt-cache counts into input tokens, so those fields are 0. */
export function formatUsage(inputTokens: number, outputTokens: number): Record<string, number> {
  return { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: outputTokens };
}

/**
 * `tool_use.input` is an object, canonical arguments the text the model produced. Empty text is
 * `{}`; a JSON non-object is wrapped as `{value}`; text that is not JSON is kept as `{arguments}`
 * so the client still sees what the model said.
 */
export function convertToolInput(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { arguments: text };
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  return { value };
}

/** Canonical response → a Messages `message` object: a text block (if any text), then tool_use blocks. */
export function encodeMessageResponse(response: GenerateResponse, options: MessageEncodeOptions): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (response.text !== '') content.push({ type: 'text', text: response.text });
  for (const call of response.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: convertToolInput(call.arguments) });
  }
  const usage: Usage | undefined = response.usage;
  return {
    id: options.id,
    type: 'message',
    role: 'assistant',
    model: options.model,
    content,
    ...convertStopReason(response.finishReason, response.stopSequence, response.toolCalls.length > 0),
    usage: formatUsage(usage?.inputTokens ?? 0, usage?.outputTokens ?? 0),
  };
}
