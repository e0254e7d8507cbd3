import type { ContentPart, ImagePart, Message } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { parseToolInput } from '../anthropic/convert-messages.js';

export type ConverseBlock =
  | { text: string }
  | { image: { format: string; source: { bytes: string } } }
  | { toolUse: { toolUseId: string; name: string; input: Record<string, unknown> } }
  | { toolResult: { toolUseId: string; content: { text: string }[]; status: 'success' | 'error' } };

export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ConverseBlock[];
}

export interface ConvertedMessages {
  system: { text: string }[];
  messages: ConverseMessage[];
}

const imageFormats: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * Canonical messages → Converse: system text moves to `system`, tool results travel in user
 * turns, consecutive turns of one role are merged (Converse wants user and assistant to
 * alternate) and empty text blocks are dropped (Converse refuses blank text).
 */
export function convertMessages(messages: Message[]): ConvertedMessages {
  const system: { text: string }[] = [];
  const converted: ConverseMessage[] = [];
  messages.forEach((message, messageIndex) => {
    if (message.role === 'system') {
      for (const part of message.content) if (part.type === 'text' && part.text !== '') system.push({ text: part.text });
      return;
    }
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = message.content.flatMap((part, partIndex) => convertPart(part, `messages[${messageIndex}].content[${partIndex}]`));
    if (content.length === 0) return;
    const previous = converted.at(-1);
    if (previous?.role === role) previous.content.push(...content);
    else converted.push({ role, content });
  });
  return { system, messages: converted };
}

function convertPart(part: ContentPart, path: string): ConverseBlock[] {
  switch (part.type) {
    case 'text':
      return part.text === '' ? [] : [{ text: part.text }];
    case 'image':
      return [{ image: convertImage(part, path) }];
    case 'tool-call':
      return [{ toolUse: { toolUseId: part.id, name: part.name, input: parseToolInput(part.arguments) } }];
    case 'tool-result':
      return [
        {
          toolResult: {
            toolUseId: part.toolCallId,
            content: part.content === '' ? [] : [{ text: part.content }],
            status: part.isError ? 'error' : 'success',
          },
        },
      ];
  }
}

/** Converse takes image bytes only (base64 in JSON): data: URLs of the four formats it reads. */
function convertImage(part: ImagePart, path: string): { format: string; source: { bytes: string } } {
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(part.url);
  const format = dataUrl ? imageFormats[(dataUrl[1] ?? '').toLowerCase()] : undefined;
  if (!dataUrl || !format) {
    // Not the client's mistake: another destination may take URLs, so a fallback may still answer.
    throw new AirlockError('CAPABILITY_UNSUPPORTED', 'Bedrock takes images only as base64 PNG, JPEG, GIF or WebP data.', { param: path });
  }
  return { format, source: { bytes: (dataUrl[2] ?? '').replace(/\s+/g, '') } };
}
