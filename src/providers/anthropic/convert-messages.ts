import type { ContentPart, ImagePart, Message } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';

export type AnthropicImageSource = { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };

export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: AnthropicImageSource }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicBlock[];
}

export interface ConvertedMessages {
  /** Every system message's text, joined; undefined when there is none. */
  system: string | undefined;
  messages: AnthropicMessage[];
}

/**
 * Canonical messages to the Messages API: system text moves to the top-level `system`, tool
 * results travel in user turns, and consecutive turns of one role are merged because Anthropic
 * requires user and assistant to alternate.
 */
export function convertMessages(messages: Message[]): ConvertedMessages {
  const systemTexts: string[] = [];
  const converted: AnthropicMessage[] = [];
  messages.forEach((message, messageIndex) => {
    if (message.role === 'system') {
      for (const part of message.content) if (part.type === 'text' && part.text !== '') systemTexts.push(part.text);
      return;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = message.content.flatMap((part, partIndex) => convertPart(part, `messages[${messageIndex}].content[${partIndex}]`));
    // Anthropic rejects empty turns; dropping one lets its neighbours merge instead.
    if (content.length === 0) return;
    const previous = converted.at(-1);
    if (previous?.role === role) previous.content.push(...content);
    else converted.push({ role, content });
  });
  return { system: systemTexts.length > 0 ? systemTexts.join('\n\n') : undefined, messages: converted };
}

function convertPart(part: ContentPart, path: string): AnthropicBlock[] {
  switch (part.type) {
    case 'text':
      // Empty text blocks are refused by the API.
      return part.text === '' ? [] : [{ type: 'text', text: part.text }];
    case 'image':
      return [{ type: 'image', source: convertImageSource(part, path) }];
    case 'tool-call':
      return [{ type: 'tool_use', id: part.id, name: part.name, input: parseToolInput(part.arguments) }];
    case 'tool-result':
      return [{ type: 'tool_result', tool_use_id: part.toolCallId, content: part.content, ...(part.isError ? { is_error: true } : {}) }];
  }
}

/** data: URLs become base64 sources, http(s) URLs url sources; anything else is refused. */
function convertImageSource(part: ImagePart, path: string): AnthropicImageSource {
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(part.url);
  if (dataUrl) return { type: 'base64', media_type: dataUrl[1] ?? '', data: (dataUrl[2] ?? '').replace(/\s+/g, '') };
  if (/^https?:\/\//i.test(part.url)) return { type: 'url', url: part.url };
  throw new AirlockError('INVALID_REQUEST', 'Images must be base64 data: URLs or http(s) URLs for this destination.', { param: path });
}

/**
 * `tool_use.input` must be an object, while canonical arguments are whatever text the model
 * produced. Empty text is `{}`; a JSON non-object is wrapped as `{value}`; text that is not JSON
 * at all is kept verbatim as `{arguments}` so the history still shows what the model said.
 */
export function parseToolInput(text: string): Record<string, unknown> {
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
