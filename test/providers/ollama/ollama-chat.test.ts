import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest, StreamEvent } from '../../../src/canonical/types.js';
import type { OllamaProvider } from '../../../src/providers/ollama/create-ollama-provider.js';
import { captureError, collectStream, createCallOptions } from '../../helpers/loopback-calls.js';
import { sendJson, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createChatReply, createProviderFor, knownModel, startOllamaServer, writeJsonLines } from './loopback-ollama.js';

let server: LoopbackServer;
let provider: OllamaProvider;

beforeEach(async () => {
  server = await startOllamaServer();
  provider = createProviderFor(server.url);
});

afterEach(async () => {
  await provider.close();
  await server.close();
});

const userRequest = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: knownModel,
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  ...extra,
});

const weatherTool = {
  name: 'get_current_weather',
  description: 'Get the current weather for a location',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
};

describe('ollama chat', () => {
  it('posts /api/chat with stream false and converts the JSON reply', async () => {
    const request = userRequest('why is the sky blue?', {
      maxTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      topK: 20,
      stop: ['\n\n'],
      seed: 42,
    });
    request.presencePenalty = 1.5;
    request.frequencyPenalty = 1;
    const response = await provider.chat(request, createCallOptions());
    expect(response).toEqual({
      model: knownModel,
      text: 'Hello! How are you today?',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 26, outputTokens: 298 },
    });
    const recorded = server.lastRequest();
    expect(recorded.method).toBe('POST');
    expect(recorded.path).toBe('/api/chat');
    expect(recorded.body).toEqual({
      model: knownModel,
      messages: [{ role: 'user', content: 'why is the sky blue?' }],
      stream: false,
      options: {
        num_predict: 100,
        temperature: 0.2,
        top_p: 0.9,
        top_k: 20,
        stop: ['\n\n'],
        seed: 42,
        presence_penalty: 1.5,
        frequency_penalty: 1,
      },
    });
    expect(recorded.body).not.toHaveProperty('keep_alive');
  });

  it('streams NDJSON split across TCP reads into deltas and one finish', async () => {
    const { events, error } = await collectStream(provider.chatStream(userRequest('hi'), createCallOptions()));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: '! How' },
      { type: 'text-delta', text: ' are you' },
      { type: 'text-delta', text: ' today?' },
      { type: 'finish', finishReason: 'stop', model: knownModel, usage: { inputTokens: 26, outputTokens: 4 } },
    ]);
    expect(server.lastRequest().body).toMatchObject({ stream: true });
  });

  it('reuses the keep-alive connection after a complete stream', async () => {
    await collectStream(provider.chatStream(userRequest('one'), createCallOptions()));
    // undici returns the socket to its pool a moment after the body ends.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await collectStream(provider.chatStream(userRequest('two'), createCallOptions()));
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]!.remotePort).toBe(server.requests[1]!.remotePort);
  });

  it('maps done_reason length and load', async () => {
    server.handle((_request, response) => sendJson(response, 200, createChatReply('cut', { done_reason: 'length' })));
    expect((await provider.chat(userRequest('hi'), createCallOptions())).finishReason).toBe('length');
    server.handle((_request, response) =>
      sendJson(response, 200, { model: knownModel, message: { role: 'assistant', content: '' }, done_reason: 'load', done: true }),
    );
    const loaded = await provider.chat({ model: knownModel, messages: [] }, createCallOptions());
    expect(loaded).toEqual({ model: knownModel, text: '', toolCalls: [], finishReason: 'other' });
  });

  it('sends tools, assistant tool calls as objects and tool results by tool name', async () => {
    const request = userRequest('What is the weather today in Paris?', { tools: [weatherTool] });
    request.messages.push(
      {
        role: 'assistant',
        content: [{ type: 'tool-call', id: 'call_1', name: 'get_current_weather', arguments: '{"location":"Paris, FR"}' }],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: '22 degrees' }] },
    );
    await provider.chat(request, createCallOptions());
    expect(server.lastRequest().body).toMatchObject({
      tools: [{ type: 'function', function: weatherTool }],
      messages: [
        { role: 'user', content: 'What is the weather today in Paris?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ function: { name: 'get_current_weather', arguments: { location: 'Paris, FR' } } }],
        },
        { role: 'tool', content: '22 degrees', tool_name: 'get_current_weather' },
      ],
    });
  });

  it('sends no tools for tool choice none and only the named tool for a named choice', async () => {
    const other = { name: 'other', parameters: { type: 'object' } };
    await provider.chat(userRequest('hi', { tools: [weatherTool, other], toolChoice: 'none' }), createCallOptions());
    expect(server.lastRequest().body).not.toHaveProperty('tools');
    await provider.chat(userRequest('hi', { tools: [weatherTool, other], toolChoice: { name: 'other' } }), createCallOptions());
    expect((server.lastRequest().body as { tools: unknown[] }).tools).toEqual([{ type: 'function', function: other }]);
  });

  it('refuses tool arguments that are not a JSON object without calling Ollama', async () => {
    const request = userRequest('hi');
    request.messages.push({ role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '[1,2]' }] });
    expect(await captureError(() => provider.chat(request, createCallOptions()))).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(server.requests).toHaveLength(0);
  });

  it('converts tool calls in a reply, generating ids and JSON text arguments', async () => {
    const toolCalls = [{ function: { name: 'get_current_weather', arguments: { format: 'celsius', location: 'Paris, FR' } } }];
    server.handle((_request, response) =>
      sendJson(response, 200, createChatReply('', { message: { role: 'assistant', content: '', tool_calls: toolCalls } })),
    );
    const response = await provider.chat(userRequest('weather?', { tools: [weatherTool] }), createCallOptions());
    expect(response.finishReason).toBe('tool-calls');
    expect(response.toolCalls).toHaveLength(1);
    expect(response.toolCalls[0]).toMatchObject({ name: 'get_current_weather', arguments: '{"format":"celsius","location":"Paris, FR"}' });
    expect(response.toolCalls[0]!.id).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it('streams a whole tool call as one start and one delta', async () => {
    const toolCalls = [{ function: { name: 'get_current_weather', arguments: { location: 'Paris, FR' } } }];
    server.handle(async (_request, response) => {
      await writeJsonLines(response, [
        { model: knownModel, message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false },
        {
          model: knownModel,
          message: { role: 'assistant', content: '' },
          done_reason: 'stop',
          done: true,
          prompt_eval_count: 122,
          eval_count: 33,
        },
      ]);
    });
    const { events } = await collectStream(provider.chatStream(userRequest('weather?', { tools: [weatherTool] }), createCallOptions()));
    const start = events[0] as Extract<StreamEvent, { type: 'tool-call-start' }>;
    expect(start).toMatchObject({ type: 'tool-call-start', index: 0, name: 'get_current_weather' });
    expect(events.slice(1)).toEqual([
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":"Paris, FR"}' },
      { type: 'finish', finishReason: 'tool-calls', model: knownModel, usage: { inputTokens: 122, outputTokens: 33 } },
    ]);
  });

  it('sends data: URL images as base64 and refuses other URLs', async () => {
    const request = userRequest('what is in this image?');
    request.messages[0]!.content.push({ type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' });
    await provider.chat(request, createCallOptions());
    expect(server.lastRequest().body).toMatchObject({
      messages: [{ role: 'user', content: 'what is in this image?', images: ['iVBORw0KGgo='] }],
    });
    const remote = userRequest('and this?');
    remote.messages[0]!.content.push({ type: 'image', url: 'https://example.com/cat.png' });
    expect(await captureError(() => provider.chat(remote, createCallOptions()))).toMatchObject({ code: 'CAPABILITY_UNSUPPORTED' });
    expect(server.requests).toHaveLength(1);
  });

  it('sends format json or the JSON schema of the response format', async () => {
    await provider.chat(userRequest('json please', { responseFormat: { type: 'json_object' } }), createCallOptions());
    expect(server.lastRequest().body).toMatchObject({ format: 'json' });
    const schema = { type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] };
    await provider.chat(
      userRequest('json please', { responseFormat: { type: 'json_schema', name: 'person', schema } }),
      createCallOptions(),
    );
    expect(server.lastRequest().body).toMatchObject({ format: schema });
  });
});
