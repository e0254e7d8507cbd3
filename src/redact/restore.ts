import type { GenerateResponse, StreamEvent } from '../canonical/types.js';
import { PLACEHOLDER_PATTERN } from './placeholder.js';
import type { Vault } from './vault.js';

/** How a value is written back: as plain text, or escaped for the inside of a JSON string. */
export type RestoreContext = 'text' | 'json-string';

/** Puts original values back for every placeholder this vault issued; others are left alone. */
export function restoreText(text: string, vault: Vault, context: RestoreContext = 'text'): string {
  if (vault.size === 0 || !text.includes('<')) return text;
  return text.replace(PLACEHOLDER_PATTERN, (placeholder) => {
    const value = vault.valueOf(placeholder);
    if (value === undefined) return placeholder;
    // Tool-call arguments are JSON: the model wrote the placeholder inside a string literal.
    return context === 'json-string' ? JSON.stringify(value).slice(1, -1) : value;
  });
}

export function restoreResponse(response: GenerateResponse, vault: Vault): GenerateResponse {
  if (vault.size === 0) return response;
  return {
    ...response,
    text: restoreText(response.text, vault),
    toolCalls: response.toolCalls.map((call) => ({ ...call, arguments: restoreText(call.arguments, vault, 'json-string') })),
  };
}

/**
 * One channel of streamed text (the answer, or one tool call's arguments). It emits everything
 * except a trailing piece that could still become a placeholder, so it never holds back more
 * than the longest placeholder's length.
 */
class RestoringChannel {
  private pending = '';

  constructor(
    private readonly vault: Vault,
    private readonly context: RestoreContext,
  ) {}

  push(delta: string): string {
    const text = this.pending + delta;
    const cut = this.findHoldBack(text);
    this.pending = text.slice(cut);
    return restoreText(text.slice(0, cut), this.vault, this.context);
  }

  flush(): string {
    const text = restoreText(this.pending, this.vault, this.context);
    this.pending = '';
    return text;
  }

  /** Index where the possibly-incomplete placeholder at the end begins (text.length if none). */
  private findHoldBack(text: string): number {
    const open = text.lastIndexOf('<');
    if (open === -1 || text.indexOf('>', open) !== -1) return text.length;
    return this.vault.isPlaceholderStart(text.slice(open)) ? open : text.length;
  }
}

/**
 * Restores placeholders in a canonical stream, including placeholders split across deltas and
 * inside streamed tool-call arguments. Written once over canonical events, so every surface
 * gets it. A placeholder cannot span two content parts, so when a new part begins (a tool call
 * starts, or text resumes after tool calls) what earlier parts held back is released first: a
 * surface that writes parts as sequential blocks (Anthropic, Responses) never gets a late
 * fragment of a part it already closed.
 */
export function restoreStream(events: AsyncIterable<StreamEvent>, vault: Vault): AsyncIterable<StreamEvent> {
  // Nothing was redacted: nothing to restore, and no generator layer for every event to cross.
  return vault.size === 0 ? events : restoreEvents(events, vault);
}

async function* restoreEvents(events: AsyncIterable<StreamEvent>, vault: Vault): AsyncGenerator<StreamEvent> {
  const text = new RestoringChannel(vault, 'text');
  const tools = new Map<number, RestoringChannel>();
  for await (const event of events) {
    switch (event.type) {
      case 'text-delta': {
        if (tools.size > 0) yield* flushTools(tools);
        const restored = text.push(event.text);
        if (restored !== '') yield { type: 'text-delta', text: restored };
        break;
      }
      case 'tool-call-start': {
        const rest = text.flush();
        if (rest !== '') yield { type: 'text-delta', text: rest };
        yield* flushTools(tools);
        tools.set(event.index, new RestoringChannel(vault, 'json-string'));
        yield event;
        break;
      }
      case 'tool-call-delta': {
        let channel = tools.get(event.index);
        if (!channel) tools.set(event.index, (channel = new RestoringChannel(vault, 'json-string')));
        const restored = channel.push(event.argumentsDelta);
        if (restored !== '') yield { type: 'tool-call-delta', index: event.index, argumentsDelta: restored };
        break;
      }
      case 'finish': {
        const rest = text.flush();
        if (rest !== '') yield { type: 'text-delta', text: rest };
        yield* flushTools(tools);
        yield event;
        break;
      }
    }
  }
}

/** Releases what each tool call's channel held back (a channel can still take later fragments). */
function* flushTools(tools: Map<number, RestoringChannel>): Generator<StreamEvent> {
  for (const [index, channel] of tools) {
    const rest = channel.flush();
    if (rest !== '') yield { type: 'tool-call-delta', index, argumentsDelta: rest };
  }
}
