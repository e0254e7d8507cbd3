import type { GenerateResponse, ToolCall } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { converseResponseSchema } from './converse-schemas.js';
import { convertUsage, mapStopReason } from './map-stop-reason.js';

/** A Converse reply: text blocks joined, toolUse blocks as tool calls, other blocks (reasoning) skipped. */
export function convertConverseResponse(json: unknown, requestedModel: string, name: string): GenerateResponse {
  const result = converseResponseSchema.safeParse(json);
  if (!result.success) {
    throw new AirlockError('UPSTREAM_ERROR', `Destination "${name}" sent a reply in an unexpected shape.`, { cause: result.error });
  }
  const reply = result.data;
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of reply.output.message.content) {
    if (typeof block.text === 'string') text += block.text;
    else if (block.toolUse) {
      toolCalls.push({ id: block.toolUse.toolUseId, name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) });
    }
  }
  const usage = convertUsage(reply.usage);
  // Converse does not name the model that answered: it is the one in the URL.
  return { model: requestedModel, text, toolCalls, finishReason: mapStopReason(reply.stopReason), ...(usage ? { usage } : {}) };
}
