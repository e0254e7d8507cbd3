import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamEvent } from '../../../src/canonical/types.js';
import type { Provider } from '../../../src/providers/types.js';
import { collectStream, createCallOptions, settlesWithin } from '../../helpers/loopback-calls.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import {
  createConverseStreamFrames,
  encodeEvent,
  encodeException,
  startBedrockStream,
  verifySignature,
  writeBytesInPieces,
} from './loopback-bedrock.js';
import { MODEL_ID, createTestProvider, testCredentials } from './provider-setup.js';

let server: LoopbackServer;
let provider: Provider;

beforeAll(async () => {
  server = await startLoopbackServer();
  provider = createTestProvider(server, { retries: { max: 0 } });
});

afterEach(() => {
  server.requests.length = 0;
});

afterAll(async () => {
  await provider?.close();
  await server?.close();
});

const request: ChatRequest = { model: MODEL_ID, messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }] };

function joinText(events: StreamEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
}

describe('Bedrock ConverseStream', () => {
  it.each([1, 3, 7, 64])('decodes real event-stream frames cut into pieces of up to %i bytes', async (maxPiece) => {
    server.handle(async (_request, response) => {
      startBedrockStream(response);
      const frames = createConverseStreamFrames({
        blocks: [
          { type: 'text', pieces: ['Let me ', 'check. ', 'Ça va ☀'] },
          { type: 'toolUse', id: 'tooluse_w', name: 'weather', inputPieces: ['{"city":', '"Paris"}'] },
        ],
        usage: { input: 55, output: 21 },
      });
      await writeBytesInPieces(response, Buffer.concat(frames), maxPiece, maxPiece);
      response.end();
    });
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(error).toBeUndefined();
    expect(joinText(events)).toBe('Let me check. Ça va ☀');
    expect(events.filter((event) => event.type !== 'text-delta')).toEqual([
      { type: 'tool-call-start', index: 0, id: 'tooluse_w', name: 'weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris"}' },
      { type: 'finish', finishReason: 'tool-calls', model: MODEL_ID, usage: { inputTokens: 55, outputTokens: 21 } },
    ]);
    const sent = server.lastRequest();
    expect(sent.path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream');
    expect(await verifySignature(sent, testCredentials)).toBe(true);
  });

  it('finishes at messageStop when no metadata follows, and gives a parameterless tool "{}"', async () => {
    server.handle((_request, response) => {
      startBedrockStream(response);
      response.end(
        Buffer.concat(
          createConverseStreamFrames({ blocks: [{ type: 'toolUse', id: 't1', name: 'now', inputPieces: [] }] }, { metadata: false }),
        ),
      );
    });
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'tool-call-start', index: 0, id: 't1', name: 'now' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'finish', finishReason: 'tool-calls', model: MODEL_ID },
    ]);
  });

  it('fails a frame with a corrupted CRC with UPSTREAM_STREAM_ERROR, keeping what came before', async () => {
    server.handle((_request, response) => {
      startBedrockStream(response);
      const frames = createConverseStreamFrames({ blocks: [{ type: 'text', pieces: ['good ', 'bad'] }] });
      const corrupted = Buffer.from(frames[2] ?? Buffer.alloc(0));
      corrupted[corrupted.length - 10] = (corrupted[corrupted.length - 10] ?? 0) ^ 0xff;
      response.end(Buffer.concat([frames[0] ?? Buffer.alloc(0), frames[1] ?? Buffer.alloc(0), corrupted, ...frames.slice(3)]));
    });
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(joinText(events)).toBe('good ');
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: false });
    expect((error as Error).message).toContain('corrupted event-stream frame');
  });

  it('maps a throttlingException frame to UPSTREAM_RATE_LIMITED, retryable before any output', async () => {
    server.handle((_request, response) => {
      startBedrockStream(response);
      response.end(
        Buffer.concat([
          encodeEvent('messageStart', { role: 'assistant' }),
          encodeException('throttlingException', 'Too many requests, please wait.'),
        ]),
      );
    });
    const before = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(before.events).toEqual([]);
    expect(before.error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', isRetryable: true });

    server.handle((_request, response) => {
      startBedrockStream(response);
      const frames = createConverseStreamFrames({ blocks: [{ type: 'text', pieces: ['partial'] }] }).slice(0, 2);
      response.end(Buffer.concat([...frames, encodeException('modelStreamErrorException', 'The model failed.')]));
    });
    const after = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(joinText(after.events)).toBe('partial');
    expect(after.error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: false });
  });

  it('fails a stream cut before messageStop, and one cut inside a frame', async () => {
    server.handle((_request, response) => {
      startBedrockStream(response);
      response.end(Buffer.concat(createConverseStreamFrames({ blocks: [{ type: 'text', pieces: ['cut'] }] }).slice(0, 2)));
    });
    expect((await collectStream(provider.chatStream(request, createCallOptions()))).error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR' });
    server.handle((_request, response) => {
      startBedrockStream(response);
      const frames = Buffer.concat(createConverseStreamFrames({ blocks: [{ type: 'text', pieces: ['cut'] }] }));
      response.end(frames.subarray(0, frames.length - 5));
    });
    expect((await collectStream(provider.chatStream(request, createCallOptions()))).error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR' });
  });

  it('closes the upstream connection when the consumer stops early', async () => {
    server.handle(async (_request, response) => {
      startBedrockStream(response);
      response.write(Buffer.concat(createConverseStreamFrames({ blocks: [{ type: 'text', pieces: ['one', 'two'] }] }).slice(0, 2)));
      // Never ends: a model still generating.
    });
    for await (const event of provider.chatStream(request, createCallOptions())) {
      expect(event).toEqual({ type: 'text-delta', text: 'one' });
      break;
    }
    expect(await settlesWithin(server.lastRequest().connectionClosed, 2_000)).toBe(true);
  });
});
