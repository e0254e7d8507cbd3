import type { ContentPart, Message } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import type { OllamaMessageInput, OllamaToolCallInput } from './ollama-schemas.js';

interface PendingCall {
  id: string;
  name: string;
}

/**
 * Ollama chat messages → canonical messages. Ollama's tool calls carry no id and its tool results
 * name the tool (`tool_name`) rather than the call, so ids are made up here and each result is
 * paired with the earliest unanswered call of that tool (or by `tool_call_id` when a client sends one).
 */
export function convertMessages(messages: readonly OllamaMessageInput[]): Message[] {
  const pending: PendingCall[] = [];
  return messages.map((message, index) => convertMessage(message, index, pending));
}

function convertMessage(message: OllamaMessageInput, index: number, pending: PendingCall[]): Message {
  const text = message.content ?? '';
  if (message.role === 'tool') {
    const call = takePendingCall(pending, message.tool_call_id, message.tool_name, index);
    return { role: 'tool', content: [{ type: 'tool-result', toolCallId: call.id, content: text }] };
  }
  const content: ContentPart[] = [];
  // An assistant turn that only called tools has no text part; other roles always keep theirs.
  if (text !== '' || message.role !== 'assistant') content.push({ type: 'text', text });
  for (const image of message.images ?? []) content.push({ type: 'image', url: convertImage(image) });
  if (message.role === 'assistant') {
    (message.tool_calls ?? []).forEach((call, callIndex) => {
      const part = convertToolCall(call, `call_${index}_${callIndex}`);
      pending.push({ id: part.id, name: part.name });
      content.push(part);
    });
  }
  return { role: message.role, content };
}

function convertToolCall(call: OllamaToolCallInput, fallbackId: string): ContentPart & { type: 'tool-call' } {
  const input = call.function.arguments;
  const argumentsText = input == null ? '{}' : typeof input === 'string' ? input : JSON.stringify(input);
  return { type: 'tool-call', id: call.id ?? fallbackId, name: call.function.name, arguments: argumentsText };
}

function takePendingCall(pending: PendingCall[], callId: string | undefined, toolName: string | undefined, index: number): PendingCall {
  let position = callId === undefined ? -1 : pending.findIndex((call) => call.id === callId);
  if (position === -1 && toolName !== undefined) position = pending.findIndex((call) => call.name === toolName);
  if (position === -1 && toolName === undefined && callId === undefined) position = pending.length > 0 ? 0 : -1;
  const [call] = position === -1 ? [] : pending.splice(position, 1);
  if (!call) {
    throw new AirlockError(
      'INVALID_REQUEST',
      `messages[${index}]: a tool message must answer a tool call made by an earlier assistant message.`,
      {
        param: `messages[${index}]`,
      },
    );
  }
  return call;
}

/** Ollama sends raw base64; canonical images are data: URLs with a media type read from the magic bytes. */
export function convertImage(image: string): string {
  if (image.startsWith('data:')) return image;
  return `data:${sniffImageType(image)};base64,${image}`;
}

function sniffImageType(base64: string): string {
  if (base64.startsWith('/9j/')) return 'image/jpeg';
  if (base64.startsWith('R0lGOD')) return 'image/gif';
  if (base64.startsWith('UklGR')) return 'image/webp';
  return 'image/png';
}
