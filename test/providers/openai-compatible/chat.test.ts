import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/canonical/types.js';
import type { Provider } from '../../../src/providers/types.js';
import { createCallOptions, settlesWithin } from '../../helpers/loopback-calls.js';
import { createChatCompletion } from '../../helpers/loopback-openai.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createTestProvider, testApiKey } from './provider-setup.js';

/** A request touching every field the adapter converts. */
const fullRequest: ChatRequest = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
    {
      role: 'user',
      name: 'dev1',
      content: [
        { type: 'text', text: 'What is in this image?' },
        { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
      ],
    },
    {
      role: 'assistant',
      content: [{ type: 'tool-call', id: 'call_1', name: 'lookup', arguments: '{"q":"cat"}' }],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: 'a cat' }] },
    { role: 'user', content: [{ type: 'text', text: 'Thanks.' }] },
  ],
  tools: [
    {
      name: 'lookup',
      description: 'Looks things up.',
      parameters: { type: 'object', properties: { q: { type: 'string' } } },
      strict: true,
    },
  ],
  toolChoice: { name: 'lookup' },
  parallelToolCalls: false,
  responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
  maxTokens: 100,
  temperature: 0.2,
  topP: 0.9,
  topK: 40,
  stop: ['END'],
  seed: 7,
  presencePenalty: 0.1,
  frequencyPenalty: 0.3,
  user: 'user-42',
};

describe('openai-compatible chat', () => {
  let server: LoopbackServer;
  let provider: Provider;

  beforeEach(async () => {
    server = await startLoopbackServer((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['Hi'] })));
    provider = createTestProvider(server);
  });
  afterEach(async () => {
    await provider.close();
    await server.close();
    expect(server.handlerErrors).toEqual([]);
  });

  it('posts the converted request to chat/completions with bearer auth', async () => {
    await provider.chat(fullRequest, createCallOptions());
    const recorded = server.lastRequest();
    expect(recorded.method).toBe('POST');
    expect(recorded.path).toBe('/v1/chat/completions');
    expect(recorded.headers.authorization).toBe(`Bearer ${testApiKey}`);
    expect(recorded.headers['content-type']).toBe('application/json');
    expect(recorded.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          name: 'dev1',
          content: [
            { type: 'text', text: 'What is in this image?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'a cat' },
        { role: 'user', content: 'Thanks.' },
      ],
      // A loopback URL is a "generic" compatible server: max_tokens and top_k.
      max_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop: ['END'],
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.3,
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup',
            description: 'Looks things up.',
            parameters: { type: 'object', properties: { q: { type: 'string' } } },
            strict: true,
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      user: 'user-42',
      store: false,
    });
  });

  it.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
  ] as const)('sends tool_choice %s as the string', async (choice, expected) => {
    await provider.chat({ ...fullRequest, toolChoice: choice }, createCallOptions());
    expect((server.lastRequest().body as Record<string, unknown>).tool_choice).toBe(expected);
  });

  it.each([{ type: 'text' }, { type: 'json_object' }] as const)('sends response_format %o unchanged', async (format) => {
    await provider.chat({ ...fullRequest, responseFormat: format }, createCallOptions());
    expect((server.lastRequest().body as Record<string, unknown>).response_format).toEqual(format);
  });

  it('splits a user turn holding tool results into tool messages then the user text', async () => {
    const request: ChatRequest = {
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: 'a', content: 'one' },
            { type: 'tool-result', toolCallId: 'b', content: 'two', isError: true },
            { type: 'text', text: 'continue' },
            { type: 'text', text: 'please' },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
      ],
    };
    await provider.chat(request, createCallOptions());
    expect((server.lastRequest().body as Record<string, unknown>).messages).toEqual([
      { role: 'tool', tool_call_id: 'a', content: 'one' },
      { role: 'tool', tool_call_id: 'b', content: 'two' },
      { role: 'user', content: 'continue\nplease' },
      { role: 'assistant', content: 'ok' },
    ]);
  });

  it('omits store for a non-enterprise destination and leaves out unset options', async () => {
    const local = createTestProvider(server, { tier: 'local' });
    await local.chat({ model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }, createCallOptions());
    await local.close();
    expect(server.lastRequest().body).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  });

  it('converts text, tool calls, finish reason, usage and the reported model', async () => {
    server.handle((_request, response) =>
      sendJson(
        response,
        200,
        createChatCompletion({
          model: 'gpt-4o-mini-2024-07-18',
          textPieces: ['Checking.'],
          toolCalls: [
            { id: 'call_x', name: 'lookup', argumentPieces: ['{"q":"dog"}'] },
            { id: 'call_y', name: 'clock', argumentPieces: ['{}'] },
          ],
          usage: { promptTokens: 31, completionTokens: 12 },
        }),
      ),
    );
    const response = await provider.chat(fullRequest, createCallOptions());
    expect(response).toEqual({
      model: 'gpt-4o-mini-2024-07-18',
      text: 'Checking.',
      toolCalls: [
        { id: 'call_x', name: 'lookup', arguments: '{"q":"dog"}' },
        { id: 'call_y', name: 'clock', arguments: '{}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 31, outputTokens: 12 },
    });
  });

  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool-calls'],
    ['function_call', 'tool-calls'],
    ['content_filter', 'content-filter'],
    ['something_new', 'other'],
  ])('maps finish_reason %s to %s', async (upstream, canonical) => {
    server.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['x'], finishReason: upstream })));
    const response = await provider.chat(fullRequest, createCallOptions());
    expect(response.finishReason).toBe(canonical);
  });

  it('converts a legacy function_call reply into a tool call', async () => {
    server.handle((_request, response) =>
      sendJson(response, 200, {
        model: 'old-model',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{"a":1}' } },
            finish_reason: 'function_call',
          },
        ],
      }),
    );
    const response = await provider.chat(fullRequest, createCallOptions());
    expect(response.toolCalls).toEqual([{ id: 'call_function', name: 'f', arguments: '{"a":1}' }]);
    expect(response.usage).toBeUndefined();
    expect(response.text).toBe('');
  });

  it('refuses a 200 reply in an unexpected shape with UPSTREAM_ERROR', async () => {
    server.handle((_request, response) => sendJson(response, 200, { choices: 'not a list' }));
    await expect(provider.chat(fullRequest, createCallOptions())).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', isRetryable: false });
  });

  it('refuses a 200 reply that is not JSON with UPSTREAM_ERROR', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"choices": [');
    });
    await expect(provider.chat(fullRequest, createCallOptions())).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
  });

  it('leaves the keep-alive connection open after a complete reply', async () => {
    await provider.chat(fullRequest, createCallOptions());
    expect(await settlesWithin(server.lastRequest().connectionClosed, 50)).toBe(false);
  });

  it('declares its identity and capabilities and starts without touching the network', async () => {
    await provider.start?.();
    expect(server.requests).toHaveLength(0);
    expect(provider.isReady()).toBe(true);
    expect(provider).toMatchObject({
      id: 'openai-test',
      kind: 'openai-compatible',
      tier: 'enterprise',
      retention: 'zero',
      capabilities: { chat: true, completion: true, fillInTheMiddle: true, embeddings: true, tools: true },
    });
  });
});
