import { fileURLToPath } from 'node:url';
import type { ChatRequest, Message, StreamEvent } from '../../../src/canonical/types.js';
import type { CallOptions } from '../../../src/providers/types.js';

/** The real model shipped in the repository (260K parameters, no chat template). */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const shippedModelPath = 'models/stories260K.gguf';

export function createCallOptions(signal: AbortSignal = new AbortController().signal): CallOptions {
  return { signal, requestId: 'test-request' };
}

export function createUserMessage(text: string): Message {
  return { role: 'user', content: [{ type: 'text', text }] };
}

export function createChatRequest(text: string, options: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'stories', messages: [createUserMessage(text)], temperature: 0, ...options };
}

export async function collectEvents(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const collected: StreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

export function joinTextDeltas(events: readonly StreamEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
}
