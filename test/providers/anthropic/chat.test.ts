import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/canonical/types.js';
import type { Provider } from '../../../src/providers/types.js';
import { captureError, createCallOptions, settlesWithin } from '../../helpers/loopback-calls.js';
import { createMessage } from '../../helpers/loopback-anthropic.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createTestProvider, testApiKey } from './provider-setup.js';

const userText = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });

const fullRequest: ChatRequest = {
  model: 'claude-sonnet-4-20250514',
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
    userText('Look at these.'),
    {
      role: 'user',
      content: [
        { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
        { type: 'image', url: 'https://example.com/cat.jpg' },
      ],
    },
    { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', id: 'toolu_1', name: 'lookup', arguments: '{"q":"cat"}' },
        { type: 'tool-call', id: 'toolu_2', name: 'lookup', arguments: '{"q": broken' },
        { type: 'tool-call', id: 'toolu_3', name: 'clock', arguments: '' },
      ],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: 'a cat' }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_2', content: 'bad input', isError: true }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_3', content: '12:00' }] },
    userText('Thanks.'),
  ],
  tools: [{ name: 'lookup', description: 'Looks things up.', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
  toolChoice: 'required',
  parallelToolCalls: false,
  responseFormat: { type: 'json_object' },
  maxTokens: 300,
  temperature: 0.5,
  topP: 0.9,
  topK: 40,
  stop: ['END'],
  seed: 1,
  presencePenalty: 0.5,
  user: 'user-42',
};

describe('anthropic chat', () => {
  let server: LoopbackServer;
  let provider: Provider;

  beforeEach(async () => {
    server = await startLoopbackServer((_request, response) =>
      sendJson(response, 200, createMessage({ blocks: [{ type: 'text', pieces: ['ok'] }] })),
    );
    provider = createTestProvider(server);
  });
  afterEach(async () => {
    await provider.close();
    await server.close();
    expect(server.handlerErrors).toEqual([]);
  });

  it('posts to /v1/messages with x-api-key and anthropic-version', async () => {
    await provider.chat(fullRequest, createCallOptions());
    const recorded = server.lastRequest();
    expect(recorded.method).toBe('POST');
    expect(recorded.path).toBe('/v1/messages');
    expect(recorded.headers['x-api-key']).toBe(testApiKey);
    expect(recorded.headers['anthropic-version']).toBe('2023-06-01');
    expect(recorded.headers.authorization).toBeUndefined();
  });

  it('converts the request: system joined, turns merged, tools, results, images, options', async () => {
    await provider.chat(fullRequest, createCallOptions());
    expect(server.lastRequest().body).toEqual({
      model: 'claude-sonnet-4-20250514',
      system: 'Be brief.\n\nAnswer in French.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look at these.' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'cat' } },
            { type: 'tool_use', id: 'toolu_2', name: 'lookup', input: { arguments: '{"q": broken' } },
            { type: 'tool_use', id: 'toolu_3', name: 'clock', input: {} },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'a cat' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: 'bad input', is_error: true },
            { type: 'tool_result', tool_use_id: 'toolu_3', content: '12:00' },
            { type: 'text', text: 'Thanks.' },
          ],
        },
      ],
      max_tokens: 300,
      stop_sequences: ['END'],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      tools: [{ name: 'lookup', description: 'Looks things up.', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      metadata: { user_id: 'user-42' },
    });
  });

  it('defaults max_tokens to 4096 and sends no optional fields it was not given', async () => {
    await provider.chat({ model: 'claude-3-5-haiku-latest', messages: [userText('hi')] }, createCallOptions());
    expect(server.lastRequest().body).toEqual({
      model: 'claude-3-5-haiku-latest',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      max_tokens: 4096,
    });
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [{ name: 'lookup' }, { type: 'tool', name: 'lookup' }],
  ] as const)('converts tool_choice %o', async (choice, expected) => {
    await provider.chat({ ...fullRequest, toolChoice: choice, parallelToolCalls: undefined }, createCallOptions());
    expect((server.lastRequest().body as Record<string, unknown>).tool_choice).toEqual(expected);
  });

  it('wraps tool arguments that are JSON but not an object', async () => {
    const request: ChatRequest = {
      model: 'm',
      messages: [userText('go'), { role: 'assistant', content: [{ type: 'tool-call', id: 't', name: 'f', arguments: '[1,2]' }] }],
    };
    await provider.chat(request, createCallOptions());
    const body = server.lastRequest().body as { messages: { content: unknown[] }[] };
    expect(body.messages[1]?.content).toEqual([{ type: 'tool_use', id: 't', name: 'f', input: { value: [1, 2] } }]);
  });

  it('drops empty text and the turns it empties, merging their neighbours', async () => {
    const request: ChatRequest = {
      model: 'm',
      messages: [userText('one'), { role: 'assistant', content: [{ type: 'text', text: '' }] }, userText('two')],
    };
    await provider.chat(request, createCallOptions());
    expect((server.lastRequest().body as Record<string, unknown>).messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
        ],
      },
    ]);
  });

  it('refuses an image reference that is neither a data: URL nor http(s), naming where it was', async () => {
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: [{ type: 'image', url: 'file:///etc/passwd' }] }] };
    const error = await captureError(() => provider.chat(request, createCallOptions()));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', param: 'messages[0].content[0]' });
    expect(server.requests).toHaveLength(0);
  });

  it('converts text, tool calls, stop reason, usage (cache tokens included) and model', async () => {
    server.handle((_request, response) =>
      sendJson(
        response,
        200,
        createMessage({
          model: 'claude-sonnet-4-20250514',
          blocks: [
            { type: 'thinking', pieces: ['hmm'] },
            { type: 'text', pieces: ['Let me ', 'check.'] },
            { type: 'text', pieces: [' Twice.'] },
            { type: 'tool_use', id: 'toolu_9', name: 'lookup', jsonPieces: ['{"q":"dog"}'] },
            { type: 'tool_use', id: 'toolu_10', name: 'clock', jsonPieces: [] },
          ],
          usage: { input: 100, output: 20, cacheCreation: 7, cacheRead: 3 },
        }),
      ),
    );
    expect(await provider.chat(fullRequest, createCallOptions())).toEqual({
      model: 'claude-sonnet-4-20250514',
      text: 'Let me check. Twice.',
      toolCalls: [
        { id: 'toolu_9', name: 'lookup', arguments: '{"q":"dog"}' },
        { id: 'toolu_10', name: 'clock', arguments: '{}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 110, outputTokens: 20 },
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool-calls'],
    ['refusal', 'content-filter'],
    ['pause_turn', 'other'],
  ])('maps stop_reason %s to %s', async (stopReason, finishReason) => {
    server.handle((_request, response) =>
      sendJson(response, 200, createMessage({ blocks: [{ type: 'text', pieces: ['x'] }], stopReason })),
    );
    expect((await provider.chat(fullRequest, createCallOptions())).finishReason).toBe(finishReason);
  });

  it('refuses a reply in an unexpected shape with UPSTREAM_ERROR', async () => {
    server.handle((_request, response) => sendJson(response, 200, { content: 'nope' }));
    await expect(provider.chat(fullRequest, createCallOptions())).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
  });

  it('accepts a base URL that already ends in /v1', async () => {
    const withVersion = createTestProvider(server, { baseUrl: `${server.url}/v1` });
    await withVersion.chat(fullRequest, createCallOptions());
    await withVersion.close();
    expect(server.lastRequest().path).toBe('/v1/messages');
  });

  it('sends the configured anthropic-version and extra headers, never letting them replace the key', async () => {
    const custom = createTestProvider(server, { version: '2024-01-01', headers: { 'anthropic-beta': 'x', 'x-api-key': 'wrong' } });
    await custom.chat(fullRequest, createCallOptions());
    await custom.close();
    expect(server.lastRequest().headers).toMatchObject({
      'anthropic-version': '2024-01-01',
      'anthropic-beta': 'x',
      'x-api-key': testApiKey,
    });
  });

  it('leaves the keep-alive connection open after a complete reply', async () => {
    await provider.chat(fullRequest, createCallOptions());
    expect(await settlesWithin(server.lastRequest().connectionClosed, 50)).toBe(false);
  });

  it('declares its capabilities and starts without touching the network', async () => {
    await provider.start?.();
    expect(server.requests).toHaveLength(0);
    expect(provider.isReady()).toBe(true);
    expect(provider).toMatchObject({
      id: 'anthropic-test',
      kind: 'anthropic',
      tier: 'enterprise',
      retention: 'zero',
      capabilities: { chat: true, completion: true, fillInTheMiddle: false, embeddings: false, tools: true },
    });
    expect(provider.embed).toBeUndefined();
  });
});
