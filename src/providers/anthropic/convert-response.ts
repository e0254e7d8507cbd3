import type { GenerateResponse, ToolCall, Usage } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { messageResponseSchema, type AnthropicUsage } from './anthropic-schemas.js';
import { mapFinishReason } from './map-finish-reason.js';

/** Converts a Messages reply: text blocks joined, tool_use blocks as tool calls, other blocks (thinking) skipped. */
export function convertMessageResponse(json: unknown, requestedModel: string, name: string): GenerateResponse {
  const result = messageResponseSchema.safeParse(json);
  if (!result.success) {
    throw new AirlockError('UPSTREAM_ERROR', `Destination "${name}" sent a reply in an unexpected shape.`, { cause: result.error });
  }
  const response = result.data;
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of response.content) {
    if (block.type === 'text') text += block.text ?? '';
    else if (block.type === 'tool_use' && block.id && block.name) {
      toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
    }
  }
  const usage = convertUsage(response.usage);
  return {
    model: response.model ?? requestedModel,
    text,
    toolCalls,
    finishReason: mapFinishReason(response.stop_reason),
    ...(response.stop_reason === 'stop_sequence' && response.stop_sequence ? { stopSequence: response.stop_sequence } : {}),
    ...(usage ? { usage } : {}),
  };
}

/**
 * Input tokens include the prompt-cache writes and reads: Anthropic reports them apart from
 * `input_tokens`, but they are prompt tokens the destination processed and bills.
 */
export function convertUsage(usage: AnthropicUsage): Usage | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
    outputTokens: usage.output_tokens ?? 0,
  };
}
