import type { LlamaModel } from 'node-llama-cpp';
import type { Message } from '../../canonical/types.js';
import type { GenerationPrompt } from './generation-prompt.js';
import { convertMessageText } from './message-text.js';
import { tokenizeWithBos } from './tokenize-with-bos.js';

/** Role labels of the plain chat format (docs/embedded-model.md). */
const roleLabels = { system: 'System', user: 'User', assistant: 'Assistant', tool: 'Tool' } as const;

/** A new turn label ends the answer: the model is writing the other side of the conversation. */
export const plainChatStopStrings = ['\nUser:', '\nSystem:', '\nTool:'];

/**
 * Renders a conversation for a model without a chat template:
 *
 * ```
 * System: <text>
 * User: <text>
 * Assistant: <text>
 * User: <text>
 * Assistant:
 * ```
 *
 * One `Label: text` line per message, joined by newlines, ending with `Assistant:` for the model
 * to continue. Simple enough that a tiny base model still produces deterministic text.
 */
export function formatPlainChat(messages: readonly Message[]): string {
  const lines = messages.map((message, index) => `${roleLabels[message.role]}: ${convertMessageText(message, index)}`);
  lines.push(`${roleLabels.assistant}:`);
  return lines.join('\n');
}

export function buildPlainChatPrompt(model: LlamaModel, messages: readonly Message[], stop: readonly string[]): GenerationPrompt {
  return {
    tokens: tokenizeWithBos(model, formatPlainChat(messages)),
    stopStrings: [...plainChatStopStrings, ...stop],
    stopTokens: [],
    trimLeadingWhitespace: true,
  };
}
