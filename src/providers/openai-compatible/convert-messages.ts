import type { ContentPart, ImagePart, Message, TextPart } from '../../canonical/types.js';

export type OpenAIContentPart =
  { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAIMessage =
  | { role: 'system'; content: string; name?: string }
  | { role: 'user'; content: string | OpenAIContentPart[]; name?: string }
  | { role: 'assistant'; content: string | null; name?: string; tool_calls?: OpenAIToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** Converts canonical messages to Chat Completions messages, in order. */
export function convertMessages(messages: Message[]): OpenAIMessage[] {
  const converted: OpenAIMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        converted.push(withName({ role: 'system', content: joinTexts(message.content) }, message.name));
        break;
      case 'assistant':
        converted.push(convertAssistantMessage(message));
        break;
      case 'user':
      case 'tool':
        converted.push(...convertUserOrToolMessage(message));
        break;
    }
  }
  return converted;
}

function convertAssistantMessage(message: Message): OpenAIMessage {
  const toolCalls: OpenAIToolCall[] = [];
  for (const part of message.content) {
    if (part.type === 'tool-call') {
      toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
    }
  }
  const text = joinTexts(message.content);
  // OpenAI wants null content (not "") on an assistant turn that only calls tools.
  const content = text === '' && toolCalls.length > 0 ? null : text;
  return withName({ role: 'assistant', content, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) }, message.name);
}

/**
 * Tool results become one `tool` message each (OpenAI has no is_error flag: the result text
 * says so itself); any text or images left over become a user message after them, which keeps
 * the order Anthropic-style clients use (results first, then the user's words).
 */
function convertUserOrToolMessage(message: Message): OpenAIMessage[] {
  const converted: OpenAIMessage[] = [];
  const rest: (TextPart | ImagePart)[] = [];
  for (const part of message.content) {
    if (part.type === 'tool-result') converted.push({ role: 'tool', tool_call_id: part.toolCallId, content: part.content });
    else if (part.type === 'text' || part.type === 'image') rest.push(part);
  }
  if (rest.length > 0 || converted.length === 0) {
    converted.push(withName({ role: 'user', content: convertUserContent(rest) }, message.name));
  }
  return converted;
}

/** Plain text goes as a string: older compatible servers accept nothing else. Images need parts. */
function convertUserContent(parts: (TextPart | ImagePart)[]): string | OpenAIContentPart[] {
  if (parts.every((part) => part.type === 'text')) return joinTexts(parts);
  return parts.map((part): OpenAIContentPart =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : { type: 'image_url', image_url: { url: part.url, ...(part.detail ? { detail: part.detail } : {}) } },
  );
}

function joinTexts(parts: ContentPart[]): string {
  let text = '';
  for (const part of parts) if (part.type === 'text') text += text === '' ? part.text : `\n${part.text}`;
  return text;
}

function withName<T extends OpenAIMessage>(message: T, name: string | undefined): T {
  return name === undefined ? message : { ...message, name };
}
