import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../src/canonical/types.js';
import { encodeMessageStream, PING_EVENT } from '../../../src/surfaces/anthropic/encode-message-stream.js';
import { interleavePings } from '../../../src/surfaces/anthropic/interleave-pings.js';
import { parseServerSentEvents } from './anthropic-gateway-setup.js';

async function* source<T>(items: T[], delayMs = 0): AsyncGenerator<T> {
  for (const item of items) {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    yield item;
  }
}

async function encode(events: StreamEvent[]) {
  let text = '';
  for await (const chunk of encodeMessageStream(source(events), { id: 'msg_1', model: 'm', estimatedInputTokens: 7 })) text += chunk;
  return parseServerSentEvents(text);
}

describe('encodeMessageStream', () => {
  it('opens a new text block when text resumes after a tool call, and numbers blocks in order', async () => {
    const events = await encode([
      { type: 'text-delta', text: 'a' },
      { type: 'tool-call-start', index: 0, id: 't1', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'text-delta', text: 'b' },
      { type: 'finish', finishReason: 'stop' },
    ]);
    const starts = events
      .filter((item) => item.event === 'content_block_start')
      .map((item) => [item.data.index, (item.data.content_block as { type: string }).type]);
    expect(starts).toEqual([
      [0, 'text'],
      [1, 'tool_use'],
      [2, 'text'],
    ]);
    expect(events.filter((item) => item.event === 'content_block_stop').map((item) => item.data.index)).toEqual([0, 1, 2]);
    // A turn with a tool call is tool_use even when the destination said "stop".
    expect(events.find((item) => item.event === 'message_delta')?.data.delta).toEqual({ stop_reason: 'tool_use', stop_sequence: null });
  });

  it('starts with message_start (estimated input) and a ping, and estimates output when none is reported', async () => {
    const events = await encode([
      { type: 'text-delta', text: 'x'.repeat(30) },
      { type: 'finish', finishReason: 'length' },
    ]);
    expect(events.slice(0, 2).map((item) => item.event)).toEqual(['message_start', 'ping']);
    expect((events[0]?.data.message as { usage: unknown }).usage).toEqual({
      input_tokens: 7,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 0,
    });
    expect(events.at(-2)?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'max_tokens', stop_sequence: null },
      usage: { output_tokens: 10 },
    });
  });

  it('sends an empty message for a stream with nothing but a finish', async () => {
    const events = await encode([{ type: 'finish', finishReason: 'stop', usage: { inputTokens: 3, outputTokens: 0 } }]);
    expect(events.map((item) => item.event)).toEqual(['message_start', 'ping', 'message_delta', 'message_stop']);
  });

  it('throws when the source ends without a finish, so the surface sends an error event', async () => {
    await expect(encode([{ type: 'text-delta', text: 'cut' }])).rejects.toMatchObject({ code: 'UPSTREAM_STREAM_ERROR' });
  });
});

describe('interleavePings', () => {
  it('pings during silences and passes every chunk through in order', async () => {
    const output: string[] = [];
    for await (const chunk of interleavePings(source(['a', 'b'], 60), 25, PING_EVENT)) output.push(chunk);
    expect(output.filter((chunk) => chunk !== PING_EVENT)).toEqual(['a', 'b']);
    expect(output.filter((chunk) => chunk === PING_EVENT).length).toBeGreaterThanOrEqual(2);
  });

  it('adds nothing to a fast source and returns the source when the consumer stops', async () => {
    let returned = false;
    async function* tracked() {
      try {
        yield* ['a', 'b', 'c'];
      } finally {
        returned = true;
      }
    }
    const output: string[] = [];
    for await (const chunk of interleavePings(tracked(), 1_000, PING_EVENT)) {
      output.push(chunk);
      if (chunk === 'b') break;
    }
    expect(output).toEqual(['a', 'b']);
    expect(returned).toBe(true);
  });

  it('passes a source failure on', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'a';
      throw new Error('broken');
    }
    const output: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of interleavePings(failing(), 1_000, PING_EVENT)) output.push(chunk);
      })(),
    ).rejects.toThrow('broken');
    expect(output).toEqual(['a']);
  });
});
