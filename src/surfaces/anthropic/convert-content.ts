import type { ContentPart, ImagePart, Message } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import type { AnthropicMessageInput } from './message-request-schema.js';

type Block = AnthropicMessageInput['content'][number];
type ImageBlock = Extract<Block, { type: 'image' }>;
type ToolResultBlock = Extract<Block, { type: 'tool_result' }>;

/**
 * One Messages turn → one canonical message, blocks in order. `path` names the message in
 * errors (`messages[3]`). Images become image references (base64 as a data: URL), tool_use
 * blocks tool calls with their input as JSON text, tool_result blocks tool results.
 */
export function convertMessage(message: AnthropicMessageInput, path: string): Message {
  const content: ContentPart[] = [];
  // Images inside tool results: the canonical result is text, so they follow the run of results.
  let deferred: ImagePart[] = [];
  message.content.forEach((block, index) => {
    checkRole(message.role, block.type, `${path}.content[${index}]`);
    if (block.type !== 'tool_result' && deferred.length > 0) {
      content.push(...deferred);
      deferred = [];
    }
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: block.text });
        break;
      case 'image':
        content.push(convertImage(block));
        break;
      case 'tool_use':
        content.push({ type: 'tool-call', id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
        break;
      case 'tool_result': {
        const converted = convertToolResult(block);
        content.push(converted.part);
        deferred.push(...converted.images);
        break;
      }
      case 'thinking':
      case 'redacted_thinking':
        // Dropped: see the schema. Nothing of them leaves the gateway.
        break;
    }
  });
  content.push(...deferred);
  return { role: message.role, content };
}

/** Tool calls are the assistant's, tool results the user's; system turns hold text only. */
function checkRole(role: AnthropicMessageInput['role'], type: Block['type'], path: string): void {
  const allowed =
    role === 'system' ? type === 'text' : role === 'assistant' ? type !== 'tool_result' && type !== 'image' : type !== 'tool_use';
  if (!allowed) throw new AirlockError('INVALID_REQUEST', `${path}: a ${type} block cannot appear in a ${role} message.`, { param: path });
}

function convertImage(block: ImageBlock): ImagePart {
  const source = block.source;
  return { type: 'image', url: source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url };
}

function convertToolResult(block: ToolResultBlock): { part: ContentPart; images: ImagePart[] } {
  const images: ImagePart[] = [];
  const texts: string[] = [];
  for (const item of block.content ?? []) {
    if (item.type === 'text') texts.push(item.text);
    else images.push(convertImage(item));
  }
  const text = texts.join('\n');
  const part: ContentPart = {
    type: 'tool-result',
    toolCallId: block.tool_use_id,
    content: text,
    ...(block.is_error ? { isError: true } : {}),
  };
  return { part, images };
}
