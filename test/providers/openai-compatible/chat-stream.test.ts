import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamEvent } from '../../../src/canonical/types.js';
import { AirlockError } from '../../../src/errors/airlock-error.js';
import type { Provider } from '../../../src/providers/types.js';
import { collectStream, createCallOptions, settlesWithin } from '../../helpers/loopback-calls.js';
import { createChatChunks, createOpenAIError, formatOpenAIStream, type OpenAIChatSpec } from '../../helpers/loopback-openai.js';
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
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'weather and time?' }] }],
  tools: [{ name: 'get_weather', parameters: { type: 'object' } }],
};

const toolSpec: OpenAIChatSpec = {
  model: 'gpt-4o-mini-2024-07-18',
  textPieces: ['Let me ', 'check ', 'ünïcödé ✓.'],
  toolCalls: [
    { id: 'call_a', name: 'get_weather', argumentPieces: ['{"ci', 'ty":"Par', 'is"}'] },
    { id: 'call_b', name: 'get_time', argumentPieces: ['{"zone":', '"CET"}'] },
  ],
  usage: { promptTokens: 42, completionTokens: 17 },
};

/** Rebuilds text and tool calls from canonical events, as a surface would. */
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

describe('openai-compatible chatStream', () => {
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

  /** Serves `text` as an event stream, cut into pieces, then ends the response. */
  function serveStream(text: string, seed = 1) {
    server.handle(async (_request, response) => {
      startEventStream(response);
      await writeInPieces(response, text, { seed });
      response.end();
    });
  }

  it('asks for usage in the stream and sends store:false', async () => {
    serveStream(formatOpenAIStream(createChatChunks({ textPieces: ['ok'] })));
    await collectStream(provider.chatStream(request, createCallOptions()));
    expect(server.lastRequest().path).toBe('/v1/chat/completions');
    expect(server.lastRequest().body).toMatchObject({ stream: true, stream_options: { include_usage: true }, store: false });
  });

  it.each([1, 2, 3, 4, 5])('reassembles text and tool calls cut at arbitrary byte boundaries (seed %i)', async (seed) => {
    serveStream(formatOpenAIStream(createChatChunks(toolSpec)), seed);
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(error).toBeUndefined();
    expect(reassemble(events)).toEqual({
      text: 'Let me check ünïcödé ✓.',
      calls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_b', name: 'get_time', arguments: '{"zone":"CET"}' },
      ],
    });
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { inputTokens: 42, outputTokens: 17 },
    });
  });

  it('emits events in upstream order: deltas, tool-call start before its fragments, finish last', async () => {
    serveStream(formatOpenAIStream(createChatChunks({ ...toolSpec, textPieces: ['Hi'], toolCalls: toolSpec.toolCalls?.slice(0, 1) })));
    const { events } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(events).toEqual([
      { type: 'text-delta', text: 'Hi' },
      { type: 'tool-call-start', index: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"ci' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'ty":"Par' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'is"}' },
      { type: 'finish', finishReason: 'tool-calls', model: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 42, outputTokens: 17 } },
    ]);
  });

  it('maps the stream finish_reason and leaves usage out when the server sent none', async () => {
    serveStream(formatOpenAIStream(createChatChunks({ textPieces: ['a'], finishReason: 'length' }, false)));
    const { events } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'length', model: 'gpt-4o-2024-08-06' });
  });

  it('starts a tool call whose name arrives after its first fragment (and whose id is missing)', async () => {
    const chunks = [
      { model: 'local', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] } }] },
      { model: 'local', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { name: 'f', arguments: ':1}' } }] } }] },
      { model: 'local', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ];
    serveStream(formatOpenAIStream(chunks));
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(error).toBeUndefined();
    expect(events.slice(0, 2)).toEqual([
      { type: 'tool-call-start', index: 0, id: 'call_0', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":1}' },
    ]);
  });

  it('leaves the connection open for reuse after a complete stream', async () => {
    serveStream(formatOpenAIStream(createChatChunks({ textPieces: ['ok'] })));
    const { error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(error).toBeUndefined();
    expect(await settlesWithin(server.lastRequest().connectionClosed, 50)).toBe(false);
  });

  it('keeps the connection for the next request when the reader stops at the finish event', async () => {
    // The surfaces' encoders stop reading at `finish`, before the body's end has been read.
    serveStream(formatOpenAIStream(createChatChunks({ textPieces: ['ok'] })));
    for await (const event of provider.chatStream(request, createCallOptions())) if (event.type === 'finish') break;
    const first = server.lastRequest();
    expect(await settlesWithin(first.connectionClosed, 50)).toBe(false);
    await collectStream(provider.chatStream(request, createCallOptions()));
    expect(server.lastRequest().remotePort).toBe(first.remotePort);
  });

  it('throws UPSTREAM_STREAM_ERROR, not retryable, for an error object after output', async () => {
    const chunks = createChatChunks({ textPieces: ['partial'] }).slice(0, 2);
    const errorEvent = formatServerSentEvent(
      JSON.stringify(createOpenAIError(`The server had an error (key ${testApiKey})`, 'server_error')),
    );
    serveStream(formatOpenAIStream(chunks, false) + errorEvent);
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(events).toEqual([{ type: 'text-delta', text: 'partial' }]);
    expect(error).toBeInstanceOf(AirlockError);
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: false });
    expect((error as Error).message).toContain('The server had an error');
    expect((error as Error).message).not.toContain(testApiKey);
  });

  it('marks an error object before any output as retryable', async () => {
    serveStream(formatServerSentEvent(JSON.stringify(createOpenAIError('Overloaded', 'server_error'))));
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(events).toEqual([]);
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: true });
  });

  it('throws UPSTREAM_STREAM_ERROR when the socket dies mid-stream', async () => {
    server.handle(async (_request, response) => {
      startEventStream(response);
      await writeInPieces(response, formatOpenAIStream(createChatChunks({ textPieces: ['a', 'b'] }).slice(0, 2), false));
      response.socket?.destroy();
    });
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(events).toEqual([{ type: 'text-delta', text: 'a' }]);
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: false });
  });

  it('throws UPSTREAM_STREAM_ERROR for an event that is not JSON', async () => {
    serveStream(formatServerSentEvent('{"choices":[{"delta":{"content":"a"}}') + formatServerSentEvent('[DONE]'));
    const { error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR' });
  });

  it('throws UPSTREAM_STREAM_ERROR for a chunk in an unexpected shape', async () => {
    serveStream(formatOpenAIStream([{ choices: [{ delta: { content: 42 } }] }]));
    const { error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR' });
  });

  it('throws UPSTREAM_STREAM_ERROR when the stream ends without [DONE], after the deltas it had', async () => {
    serveStream(formatOpenAIStream(createChatChunks({ textPieces: ['a'] }), false));
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(events).toEqual([{ type: 'text-delta', text: 'a' }]);
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: false });
    expect((error as Error).message).toContain('[DONE]');
  });

  it('throws UPSTREAM_TIMEOUT when the stream stalls longer than the first-byte budget', async () => {
    const impatient = createTestProvider(server, { timeouts: { connectMs: 1_000, firstByteMs: 150, totalMs: 5_000 } });
    server.handle(async (recorded, response) => {
      startEventStream(response);
      response.write(formatOpenAIStream(createChatChunks({ textPieces: ['a'] }).slice(0, 2), false));
      await recorded.connectionClosed;
    });
    const { events, error } = await collectStream(impatient.chatStream(request, createCallOptions()));
    await impatient.close();
    expect(events).toEqual([{ type: 'text-delta', text: 'a' }]);
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', isRetryable: false });
  });

  it('throws the converted HTTP error before any event when the stream is refused', async () => {
    server.handle((_request, response) =>
      sendJson(response, 429, createOpenAIError('Slow down', 'requests', 'rate_limit_exceeded'), { 'retry-after': '3' }),
    );
    const { events, error } = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(events).toEqual([]);
    expect(error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', isRetryable: true, retryAfter: 3 });
  });

  describe('stopping early', () => {
    /** A server that streams one delta then holds the stream open until the client goes away. */
    function serveEndlessStream() {
      server.handle(async (recorded, response) => {
        startEventStream(response);
        response.write(formatOpenAIStream(createChatChunks({ textPieces: ['first'] }).slice(0, 2), false));
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
      const received: StreamEvent[] = [];
      const failure = (async () => {
        for await (const event of provider.chatStream(request, createCallOptions(controller.signal))) {
          received.push(event);
          controller.abort(reason);
        }
      })().catch((error: unknown) => error);
      expect(await failure).toBe(reason);
      expect(received).toHaveLength(1);
      expect(await settlesWithin(server.lastRequest().connectionClosed, 1_000)).toBe(true);
    });
  });
});
