import type { ContentPart, Message } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import type { OllamaMessage, OllamaToolCall } from './ollama-wire.js';
import { convertImageUrl } from './convert-image.js';

/**
 * Canonical messages to Ollama's. Ollama's content is one string, so text parts are joined with
 * newlines; images travel as base64; each tool result becomes its own `tool` message named after
 * the tool the assistant called (Ollama matches results by `tool_name`, not by id).
 */
export function convertMessages(messages: readonly Message[]): OllamaMessage[] {
  const toolNames = new Map<string, string>();
  const converted: OllamaMessage[] = [];
  messages.forEach((message, messageIndex) => {
    const path = `messages[${messageIndex}]`;
    // Tool results come first: in Anthropic's shape they share a user message with follow-up text.
    for (const part of message.content) {
      if (part.type === 'tool-result') converted.push(convertToolResult(part.toolCallId, part.content, toolNames, path));
    }
    const rest = message.content.filter((part) => part.type !== 'tool-result');
    if (rest.length === 0 && message.content.length > 0) return;
    converted.push(convertMessage(message.role, rest, toolNames, path));
  });
  return converted;
}

function convertMessage(role: Message['role'], parts: readonly ContentPart[], toolNames: Map<string, string>, path: string): OllamaMessage {
  const texts: string[] = [];
  const images: string[] = [];
  const toolCalls: OllamaToolCall[] = [];
  parts.forEach((part, partIndex) => {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'image') images.push(convertImageUrl(part.url, `${path}.content[${partIndex}]`));
    else if (part.type === 'tool-call') {
      toolNames.set(part.id, part.name);
      toolCalls.push({ function: { name: part.name, arguments: parseToolArguments(part.arguments, `${path}.content[${partIndex}]`) } });
    }
  });
  const message: OllamaMessage = { role, content: texts.join('\n') };
  if (images.length > 0) message.images = images;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

function convertToolResult(toolCallId: string, content: string, toolNames: Map<string, string>, path: string): OllamaMessage {
  const name = toolNames.get(toolCallId);
  if (name === undefined) {
    throw new AirlockError('INVALID_REQUEST', `A tool result in ${path} answers a tool call that no earlier message made.`, {
      param: path,
    });
  }
  return { role: 'tool', content, tool_name: name };
}

/** Canonical arguments are JSON text; Ollama wants the object itself. */
function parseToolArguments(text: string, path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AirlockError('INVALID_REQUEST', `Tool call arguments in ${path} must be a JSON object for Ollama.`, { param: path });
  }
  return value as Record<string, unknown>;
}
