/**
 * The loopback replies are only worth testing against if they are what Anthropic sends. The
 * official `@anthropic-ai/sdk`, pointed at the loopback server, must parse them into the
 * documented objects (its MessageStream also checks the event order and accumulates tool input).
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAnthropicError,
  createAnthropicErrorEvent,
  createMessage,
  createMessageStreamEvents,
  formatAnthropicStream,
  type AnthropicMessageSpec,
} from '../../helpers/loopback-anthropic.js';
import { sendJson, startEventStream, startLoopbackServer, writeInPieces, type LoopbackServer } from '../../helpers/loopback-server.js';

const spec: AnthropicMessageSpec = {
  model: 'claude-sonnet-4-20250514',
  blocks: [
    { type: 'thinking', pieces: ['Weather ', 'needs a tool.'] },
    { type: 'text', pieces: ['Let me ', 'check.'] },
    { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', jsonPieces: ['{"city": ', '"Paris"}'] },
  ],
  usage: { input: 120, output: 48, cacheRead: 30 },
};

describe('Anthropic loopback wire format, read by the official SDK', () => {
  let server: LoopbackServer;
  let client: Anthropic;

  beforeEach(async () => {
    server = await startLoopbackServer();
    client = new Anthropic({ baseURL: server.url, apiKey: 'sk-ant-fidelity', maxRetries: 0 });
  });
  afterEach(() => server.close());

  it('parses a message', async () => {
    server.handle((_request, response) => sendJson(response, 200, createMessage(spec)));
    const message = await client.messages.create({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(server.lastRequest().path).toBe('/v1/messages');
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
  });

  it('accumulates a streamed message cut at arbitrary byte boundaries', async () => {
    server.handle(async (_request, response) => {
      startEventStream(response);
      await writeInPieces(response, formatAnthropicStream(createMessageStreamEvents(spec)));
      response.end();
    });
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const message = await stream.finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Weather needs a tool.', signature: expect.any(String) },
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBe(48);
  });

  it('reads the error body and an error event', async () => {
    server.handle((_request, response) => sendJson(response, 529, createAnthropicError('overloaded_error', 'Overloaded')));
    const error = await client.messages.create({ model: 'm', max_tokens: 1, messages: [] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);

    server.handle(async (_request, response) => {
      startEventStream(response);
      const events = createMessageStreamEvents(spec).slice(0, 4);
      await writeInPieces(response, formatAnthropicStream([...events, createAnthropicErrorEvent('overloaded_error', 'Overloaded')]));
      response.end();
    });
    const stream = client.messages.stream({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] });
    await expect(stream.finalMessage()).rejects.toThrow(/Overloaded/);
  });
});
