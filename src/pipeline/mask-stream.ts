import type { StreamEvent } from '../canonical/types.js';

/** Longest run without whitespace held back; a longer one is released as it is. */
export const MASK_HOLD_BACK = 256;

/**
 * Masks secrets (and PII, per policy) in streamed answer text that the request did not carry.
 * Credentials are runs without whitespace, so the run being written is held back until a
 * whitespace character completes it (or it exceeds MASK_HOLD_BACK), then the completed text is
 * inspected and masked before it is sent. Tool-call arguments are JSON a tool parses: flagged by
 * the end-of-stream inspection, never rewritten.
 */
export async function* maskStreamedText(events: AsyncIterable<StreamEvent>, mask: (text: string) => string): AsyncGenerator<StreamEvent> {
  let pending = '';
  for await (const event of events) {
    if (event.type === 'text-delta') {
      const text = pending + event.text;
      let cut = lastWhitespace(text) + 1;
      if (text.length - cut > MASK_HOLD_BACK) cut = text.length;
      pending = text.slice(cut);
      if (cut > 0) yield { type: 'text-delta', text: mask(text.slice(0, cut)) };
      continue;
    }
    if (pending !== '' && (event.type === 'finish' || event.type === 'tool-call-start')) {
      yield { type: 'text-delta', text: mask(pending) };
      pending = '';
    }
    yield event;
  }
}

function lastWhitespace(text: string): number {
  for (let index = text.length - 1; index >= 0; index--) {
    const code = text.charCodeAt(index);
    if (code === 32 || code === 10 || code === 9 || code === 13) return index;
  }
  return -1;
}
