import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEventStream, type ServerSentEvent } from '../../../src/providers/http/parse-event-stream.js';

async function parse(chunks: (string | Uint8Array)[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of parseEventStream(
    (async function* () {
      yield* chunks;
    })(),
  ))
    events.push(event);
  return events;
}

const EXPECTED: ServerSentEvent[] = [
  { event: undefined, data: '{"a":1}' },
  { event: 'message_start', data: 'line one\nline two' },
  { event: undefined, data: 'é ü ✓ 漢字' },
  { event: undefined, data: '[DONE]' },
];

/** The same events written with every line ending the spec allows, a comment and a field without a value. */
const STREAM = [
  'data: {"a":1}\n\n',
  ': a comment\r\nevent: message_start\r\ndata: line one\r\ndata:line two\r\n\r\n',
  'retry\rdata: é ü ✓ 漢字\r\r',
  'data: [DONE]\n\n',
  'data: cut off before its blank line',
].join('');

describe('parseEventStream', () => {
  it('parses \\n, \\r\\n and \\r line endings, comments and multi-line data', async () => {
    expect(await parse([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same events for any chunking of the bytes (split inside \\r\\n and inside UTF-8 characters too)', async () => {
    const bytes = Buffer.from(STREAM, 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), async (cuts) => {
        const points = [0, ...cuts.sort((left, right) => left - right), bytes.length];
        const chunks = points.slice(1).map((end, index) => bytes.subarray(points[index], end));
        expect(await parse(chunks)).toEqual(EXPECTED);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
