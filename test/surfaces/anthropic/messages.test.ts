import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMessage, createMessageStreamEvents, formatAnthropicStream } from '../../helpers/loopback-anthropic.js';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream, writeInPieces } from '../../helpers/loopback-server.js';
import { parseServerSentEvents, startAnthropicSurface, type AnthropicSurfaceSetup } from './anthropic-gateway-setup.js';

let setup: AnthropicSurfaceSetup;

beforeAll(async () => {
  setup = await startAnthropicSurface();
});

afterEach(() => {
  setup.claude.requests.length = 0;
  setup.cloud.requests.length = 0;
});

afterAll(async () => {
  await setup?.close();
});

describe('POST /v1/messages (JSON)', () => {
  it('answers a message object and sends system, options and metadata upstream', async () => {
    setup.claude.handle((_request, response) =>
      sendJson(response, 200, createMessage({ blocks: [{ type: 'text', pieces: ['Hi ', 'there'] }], usage: { input: 21, output: 3 } })),
    );
    // Sampling fields the SDK's newest types no longer list, but clients such as Claude Code still send.
    const sampling = { temperature: 0.2, top_k: 40 } as object;
    const { data, response } = await setup.client.messages
      .create({
        model: 'sonnet',
        max_tokens: 300,
        system: [
          { type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'Use British spelling.' },
        ],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello', cache_control: { type: 'ephemeral' } }] }],
        stop_sequences: ['###'],
        metadata: { user_id: 'user-8841' },
        ...sampling,
      })
      .withResponse();
    expect(data).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Hi there' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 21, output_tokens: 3 },
    });
    expect(data.id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(response.headers.get('x-airlock-route')).toBe('claude/claude-sonnet-4-5-20250929');
    const sent = setup.claude.lastRequest().body as Record<string, unknown>;
    expect(sent).toMatchObject({
      model: 'claude-sonnet-4-5-20250929',
      system: 'Be brief.\n\nUse British spelling.',
      max_tokens: 300,
      temperature: 0.2,
      top_k: 40,
      stop_sequences: ['###'],
      metadata: { user_id: 'user-8841' },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hello' }] }],
    });
    // cache_control is not part of the canonical request, so it is never forwarded.
    expect(JSON.stringify(sent)).not.toContain('cache_control');
  });

  it('translates to an OpenAI-compatible destination and back', async () => {
    setup.cloud.handle((_request, response) =>
      sendJson(response, 200, createChatCompletion({ textPieces: ['Bonjour'], usage: { promptTokens: 9, completionTokens: 2 } })),
    );
    const message = await setup.client.messages.create({
      model: 'gpt-4o',
      max_tokens: 50,
      system: 'Answer in French.',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(message).toMatchObject({
      content: [{ type: 'text', text: 'Bonjour' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 9, output_tokens: 2 },
    });
    expect(setup.cloud.lastRequest().body).toMatchObject({
      model: 'gpt-4o',
      max_tokens: 50,
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hello' },
      ],
    });
  });

  it('sends images as references: base64 stays base64, URLs stay URLs', async () => {
    setup.claude.handle((_request, response) => sendJson(response, 200, createMessage({ blocks: [{ type: 'text', pieces: ['A cat.'] }] })));
    await setup.client.messages.create({
      model: 'sonnet',
      max_tokens: 20,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    expect(setup.claude.lastRequest().body).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
  });
});

describe('POST /v1/messages (streaming)', () => {
  it('streams the documented event sequence, reassembling upstream bytes cut anywhere', async () => {
    setup.claude.handle(async (_request, response) => {
      startEventStream(response);
      const events = createMessageStreamEvents({
        blocks: [
          { type: 'thinking', pieces: ['hmm'] },
          { type: 'text', pieces: ['Reading ', 'the file.'] },
          { type: 'tool_use', id: 'toolu_9', name: 'read_file', jsonPieces: ['{"pa', 'th":"a.ts"}'] },
        ],
        usage: { input: 40, output: 12 },
      });
      await writeInPieces(response, formatAnthropicStream(events));
      response.end();
    });
    const response = await fetch(`${setup.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'k' },
      body: JSON.stringify({ model: 'sonnet', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Read a.ts' }] }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseServerSentEvents(await response.text());
    for (const item of events) expect(item.data.type).toBe(item.event);
    expect(events.map((item) => item.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]?.data).toMatchObject({
      message: { type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null },
    });
    expect(events[2]?.data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    expect(events[6]?.data).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_9', name: 'read_file', input: {} },
    });
    expect(events[7]?.data).toMatchObject({ index: 1, delta: { type: 'input_json_delta' } });
    expect(events[10]?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 40, output_tokens: 12 },
    });
  });

  it('gives the SDK a final message with text and parsed tool input (OpenAI destination)', async () => {
    setup.cloud.handle(async (_request, response) => {
      startEventStream(response);
      const chunks = createChatChunks({
        textPieces: ['Checking ', 'weather.'],
        toolCalls: [
          { id: 'call_a', name: 'weather', argumentPieces: ['{"city":', '"Paris"}'] },
          { id: 'call_b', name: 'weather', argumentPieces: ['{"city":"Oslo"}'] },
        ],
        usage: { promptTokens: 30, completionTokens: 20 },
      });
      await writeInPieces(response, formatOpenAIStream(chunks), { maxPiece: 11 });
      response.end();
    });
    const stream = setup.client.messages.stream({ model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user', content: 'Weather?' }] });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe('Checking weather.');
    expect(message.content).toEqual([
      { type: 'text', text: 'Checking weather.' },
      { type: 'tool_use', id: 'call_a', name: 'weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'weather', input: { city: 'Oslo' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 30, output_tokens: 20 });
  });
});

describe('Claude Code', () => {
  it('works with its headers, ?beta=true, bearer auth and the fields it adds', async () => {
    setup.claude.handle(async (_request, response) => {
      startEventStream(response);
      response.end(formatAnthropicStream(createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['Done.'] }] })));
    });
    const response = await fetch(`${setup.gateway.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: 'Bearer airlock-test-key',
        'anthropic-version': '2023-06-01',
        'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14',
        'x-app': 'cli',
        'user-agent': 'claude-cli/2.1.45 (external, cli)',
      },
      body: JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 32000,
        stream: true,
        system: [{ type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'hey', cache_control: { type: 'ephemeral' } }] }],
        tools: [
          { name: 'Bash', description: 'Runs a command.', input_schema: { type: 'object', properties: { command: { type: 'string' } } } },
        ],
        metadata: { user_id: 'user_abc_account__session_123' },
        thinking: { type: 'enabled', budget_tokens: 1024 },
        temperature: 1,
      }),
    });
    expect(response.status).toBe(200);
    const events = parseServerSentEvents(await response.text());
    expect(events.at(-1)?.event).toBe('message_stop');
    const sent = setup.claude.lastRequest();
    // The destination gets Airlock's own version header and key, never the client's credentials or betas.
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers['anthropic-beta']).toBeUndefined();
    expect(sent.headers['x-api-key']).toBe('sk-ant-api03-upstream-test-key-0000');
    expect(sent.rawBody).not.toContain('airlock-test-key');
    expect(sent.body).not.toHaveProperty('thinking');
  });
});
