import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamEvent } from '../../../src/canonical/types.js';
import type { Provider } from '../../../src/providers/types.js';
import { collectStream, createCallOptions, settlesWithin } from '../../helpers/loopback-calls.js';
import {
  createAnthropicError,
  createAnthropicErrorEvent,
  createMessageStreamEvents,
  formatAnthropicStream,
  type AnthropicMessageSpec,
} from '../../helpers/loopback-anthropic.js';
import {
  formatServerSentEvent,
  sendJson,
  startEventStream,
  startLoopbackServer,
  writeInPieces,
  type LoopbackServer,
} from '../../helpers/loopback-server.js';
import { createTestProvider, testApiKey } from './provider-setup.js';

const request: ChatRequest = {
  model: 'claude-sonnet-4-20250514',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'weather?' }] }],
  tools: [{ name: 'get_weather', parameters: { type: 'object' } }],
};

const toolSpec: AnthropicMessageSpec = {
  model: 'claude-sonnet-4-20250514',
  blocks: [
    { type: 'thinking', pieces: ['The user ', 'wants weather.'] },
    { type: 'text', pieces: ['Let me ', 'check ', 'ünïcödé ✓.'] },
    { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', jsonPieces: ['{"city": ', '"Par', 'is"}'] },
    { type: 'tool_use', id: 'toolu_01B', name: 'get_time', jsonPieces: [] },
  ],
  usage: { input: 120, output: 48, cacheCreation: 10, cacheRead: 30 },
};

function reassemble(events: StreamEvent[]) {
  let text = '';
  const calls: { id: string; name: string; arguments: string }[] = [];
  for (const event of events) {
    if (event.type === 'text-delta') text += event.text;
    if (event.type === 'tool-call-start') calls[event.index] = { id: event.id, name: event.name, arguments: '' };
    if (event.type === 'tool-call-delta') {
      const call = calls[event.index];
      if (!call) throw new Error(`delta for tool call ${event.index} before its start`);
      call.arguments += event.argumentsDelta;
    }
  }
  return { text, calls };
}

describe('anthropic chatStream', () => {
  let server: LoopbackServer;
  let provider: Provider;

  beforeEach(async () => {
    server = await startLoopbackServer();
    provider = createTestProvider(server);
  });
  afterEach(async () => {
    await provider.close();
    await server.close();
    expect(server.handlerErrors).toEqual([]);
  });

  function serveStream(text: string, seed = 1) {
    server.handle(async (_request, response) => {
      startEventStream(response);
      await writeInPieces(response, text, { seed });
      response.end();
    });
  }

  it.each([1, 2, 3, 4, 5])('reassembles text and tool input cut at arbitrary byte boundaries (seed %i)', async (seed) => {
    serveStream(formatAnthropicStream(createMessageStreamEvents(toolSpec)), seed);
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(error).toBeUndefined();
    expect(server.lastRequest().body).toMatchObject({ stream: true, max_tokens: 4096 });
    expect(reassemble(events)).toEqual({
      text: 'Let me check ünïcödé ✓.',
      calls: [
        { id: 'toolu_01A', name: 'get_weather', arguments: '{"city": "Paris"}' },
        // A tool without input streams no fragment; its arguments are still an object.
        { id: 'toolu_01B', name: 'get_time', arguments: '{}' },
      ],
    });
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      model: 'claude-sonnet-4-20250514',
      usage: { inputTokens: 160, outputTokens: 48 },
    });
  });

  it('emits events in order, indexing tool calls among tool blocks only', async () => {
    serveStream(
      formatAnthropicStream(
        createMessageStreamEvents({
          blocks: [
            { type: 'text', pieces: ['Hi'] },
            { type: 'tool_use', id: 'toolu_X', name: 'f', jsonPieces: ['{"a":', '1}'] },
          ],
          usage: { input: 5, output: 9 },
        }),
      ),
    );
    const { events } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(events).toEqual([
      { type: 'text-delta', text: 'Hi' },
      { type: 'tool-call-start', index: 0, id: 'toolu_X', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '1}' },
      { type: 'finish', finishReason: 'tool-calls', model: 'claude-sonnet-4-20250514', usage: { inputTokens: 5, outputTokens: 9 } },
    ]);
  });

  it.each([
    ['end_turn', 'stop'],
    ['max_tokens', 'length'],
    ['refusal', 'content-filter'],
  ])('maps the streamed stop_reason %s to %s', async (stopReason, finishReason) => {
    serveStream(formatAnthropicStream(createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['a'] }], stopReason })));
    const { events } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason });
  });

  it('skips event types it does not know (Anthropic may add them)', async () => {
    const events = createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['a'] }] });
    events.splice(2, 0, { event: 'future_event', data: { type: 'future_event', payload: 1 } });
    serveStream(formatAnthropicStream(events));
    const result = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(result.error).toBeUndefined();
    expect(result.events.map((event) => event.type)).toEqual(['text-delta', 'finish']);
  });

  it('leaves the connection open for reuse after a complete stream', async () => {
    serveStream(formatAnthropicStream(createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['a'] }] })));
    const { error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(error).toBeUndefined();
    expect(await settlesWithin(server.lastRequest().connectionClosed, 50)).toBe(false);
  });

  it('keeps the connection for the next request when the reader stops at the finish event', async () => {
    serveStream(formatAnthropicStream(createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['a'] }] })));
    for await (const event of provider.chatStream(request, createCallOptions())) if (event.type === 'finish') break;
    const first = server.lastRequest();
    expect(await settlesWithin(first.connectionClosed, 50)).toBe(false);
    await collectStream(provider.chatStream(request, createCallOptions()));
    expect(server.lastRequest().remotePort).toBe(first.remotePort);
  });

  it('throws UPSTREAM_STREAM_ERROR, not retryable, for an overloaded_error event after output', async () => {
    const events = createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['partial', 'more'] }] }).slice(0, 4);
    serveStream(formatAnthropicStream([...events, createAnthropicErrorEvent('overloaded_error', `Overloaded (${testApiKey})`)]));
    const result = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(result.events).toEqual([{ type: 'text-delta', text: 'partial' }]);
    expect(result.error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: false });
    expect((result.error as Error).message).toContain('overloaded_error');
    expect((result.error as Error).message).not.toContain(testApiKey);
  });

  it('marks an overloaded_error event before any output as retryable', async () => {
    const events = createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['a'] }] }).slice(0, 2);
    serveStream(formatAnthropicStream([...events, createAnthropicErrorEvent('overloaded_error', 'Overloaded')]));
    const result = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(result.events).toEqual([]);
    expect(result.error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: true });
  });

  it('throws UPSTREAM_STREAM_ERROR when the socket dies mid-stream', async () => {
    server.handle(async (_request, response) => {
      startEventStream(response);
      const events = createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['a', 'b'] }] }).slice(0, 4);
      await writeInPieces(response, formatAnthropicStream(events));
      response.socket?.destroy();
    });
    const result = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(result.events).toEqual([{ type: 'text-delta', text: 'a' }]);
    expect(result.error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: false });
  });

  it('throws UPSTREAM_STREAM_ERROR when the stream ends without message_stop', async () => {
    const events = createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['a'] }] }).slice(0, -1);
    serveStream(formatAnthropicStream(events));
    const result = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(result.events).toEqual([{ type: 'text-delta', text: 'a' }]);
    expect(result.error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR' });
    expect((result.error as Error).message).toContain('message_stop');
  });

  it.each([
    ['data that is not JSON', formatServerSentEvent('{"type":"message_start",', 'message_start')],
    ['a known event in the wrong shape', formatServerSentEvent('{"type":"content_block_delta","index":"zero"}', 'content_block_delta')],
  ])('throws UPSTREAM_STREAM_ERROR for %s', async (_label, text) => {
    serveStream(text + formatAnthropicStream(createMessageStreamEvents({ blocks: [] }).slice(-1)));
    const result = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(result.error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR' });
  });

  it('throws the converted HTTP error before any event when the stream is refused', async () => {
    server.handle((_request, response) =>
      sendJson(response, 429, createAnthropicError('rate_limit_error', 'Number of request tokens has exceeded your limit.'), {
        'retry-after': '12',
      }),
    );
    const result = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(result.events).toEqual([]);
    expect(result.error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', isRetryable: true, retryAfter: 12 });
  });

  it('throws UPSTREAM_TIMEOUT when the stream stalls longer than the first-byte budget', async () => {
    const impatient = createTestProvider(server, { timeouts: { connectMs: 1_000, firstByteMs: 100, totalMs: 5_000 } });
    server.handle(async (recorded, response) => {
      startEventStream(response);
      response.write(formatAnthropicStream(createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['a', 'b'] }] }).slice(0, 4)));
      await recorded.connectionClosed;
    });
    const result = await collectStream(impatient.chatStream(request, createCallOptions()));
    await impatient.close();
    expect(result.events).toEqual([{ type: 'text-delta', text: 'a' }]);
    expect(result.error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', isRetryable: false });
  });

  describe('stopping early', () => {
    function serveEndlessStream() {
      server.handle(async (recorded, response) => {
        startEventStream(response);
        response.write(
          formatAnthropicStream(createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['first', 'x'] }] }).slice(0, 4)),
        );
        await recorded.connectionClosed;
      });
    }

    it('closes the upstream connection when the consumer breaks out of the loop', async () => {
      serveEndlessStream();
      const received: StreamEvent[] = [];
      for await (const event of provider.chatStream(request, createCallOptions())) {
        received.push(event);
        break;
      }
      expect(received).toEqual([{ type: 'text-delta', text: 'first' }]);
      expect(await settlesWithin(server.lastRequest().connectionClosed, 1_000)).toBe(true);
    });

    it('closes the upstream connection and throws the abort reason when the signal aborts', async () => {
      serveEndlessStream();
      const controller = new AbortController();
      const reason = new Error('client went away');
      const failure = (async () => {
        for await (const _event of provider.chatStream(request, createCallOptions(controller.signal))) controller.abort(reason);
      })().catch((error: unknown) => error);
      expect(await failure).toBe(reason);
      expect(await settlesWithin(server.lastRequest().connectionClosed, 1_000)).toBe(true);
    });
  });
});
