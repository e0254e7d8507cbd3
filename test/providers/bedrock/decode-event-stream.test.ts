import { EventStreamCodec, Int64 } from '@smithy/core/event-streams';
import { describe, expect, it } from 'vitest';
import { decodeEventStream, EventStreamFrameError, type EventStreamMessage } from '../../../src/providers/bedrock/decode-event-stream.js';
import { encodeEvent } from './loopback-bedrock.js';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

async function decode(chunks: Uint8Array[]): Promise<EventStreamMessage[]> {
  async function* source() {
    yield* chunks;
  }
  const messages: EventStreamMessage[] = [];
  for await (const message of decodeEventStream(source())) messages.push(message);
  return messages;
}

/** Splits bytes into chunks of the given sizes, cycling. */
function split(bytes: Buffer, sizes: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (let index = 0; offset < bytes.length; index++) {
    const size = sizes[index % sizes.length] ?? 1;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

describe('decodeEventStream', () => {
  it('decodes frames from the AWS codec, skipping header types it does not need', async () => {
    const frame = Buffer.from(
      codec.encode({
        headers: {
          ':message-type': { type: 'string', value: 'event' },
          flag: { type: 'boolean', value: true },
          off: { type: 'boolean', value: false },
          small: { type: 'byte', value: 7 },
          short: { type: 'short', value: 300 },
          count: { type: 'integer', value: 70_000 },
          big: { type: 'long', value: Int64.fromNumber(2 ** 40) },
          blob: { type: 'binary', value: new Uint8Array([1, 2, 3]) },
          when: { type: 'timestamp', value: new Date('2024-05-30T00:00:00Z') },
          id: { type: 'uuid', value: '2b9e6f52-1c1c-4e5b-8d2b-9a8b7c6d5e4f' },
          ':event-type': { type: 'string', value: 'contentBlockDelta' },
        },
        body: Buffer.from('{"delta":{"text":"héllo"}}'),
      }),
    );
    const [message] = await decode([frame]);
    expect(message?.headers).toEqual({ ':message-type': 'event', ':event-type': 'contentBlockDelta' });
    expect(message?.payload.toString('utf8')).toBe('{"delta":{"text":"héllo"}}');
  });

  it.each([[[1]], [[2, 5, 11]], [[13]], [[4096]]])('gives the same messages for any chunking (%j)', async (sizes) => {
    const frames = Buffer.concat([
      encodeEvent('messageStart', { role: 'assistant' }),
      encodeEvent('contentBlockDelta', { delta: { text: 'ü'.repeat(40) } }),
      encodeEvent('messageStop', { stopReason: 'end_turn' }),
    ]);
    const messages = await decode(split(frames, sizes));
    expect(messages.map((message) => message.headers[':event-type'])).toEqual(['messageStart', 'contentBlockDelta', 'messageStop']);
    expect(JSON.parse(messages[1]?.payload.toString('utf8') ?? '{}').delta.text).toBe('ü'.repeat(40));
  });

  it.each([
    ['a corrupted prelude CRC', 9],
    ['a corrupted total length', 2],
    ['a corrupted header byte', 14],
    ['a corrupted message CRC', -1],
  ])('refuses %s', async (_label, position) => {
    const frame = Buffer.from(encodeEvent('messageStart', { role: 'assistant' }));
    const index = position < 0 ? frame.length + position : position;
    frame[index] = (frame[index] ?? 0) ^ 0x5a;
    await expect(decode([frame])).rejects.toBeInstanceOf(EventStreamFrameError);
  });

  it('refuses a body that ends inside a frame', async () => {
    const frame = encodeEvent('messageStart', { role: 'assistant' });
    await expect(decode([frame.subarray(0, frame.length - 1)])).rejects.toThrow('ended inside a frame');
  });
});
