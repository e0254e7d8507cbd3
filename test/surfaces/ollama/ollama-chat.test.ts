import { Ollama } from 'ollama';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatChunks, createChatCompletion, createTextCompletion, formatOpenAIStream } from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, writeInPieces, type LoopbackServer } from '../../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';
import { parseLines, postJson } from './ollama-test-helpers.js';

let upstream: LoopbackServer;
let gateway: TestGateway;
let client: Ollama;

beforeAll(async () => {
  upstream = await startLoopbackServer();
  gateway = await startTestGateway({
    server: { ollama: { port: 0 } },
    destinations: {
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${upstream.url}/v1`, retries: { max: 0 } },
    },
    models: { 'gpt-4o': { destination: 'cloud', upstream: 'gpt-4o-2024-08-06', aliases: ['gpt4'] } },
  });
  client = new Ollama({ host: gateway.ollamaUrl });
});

afterEach(() => {
  expect(upstream.handlerErrors).toEqual([]);
  upstream.requests.length = 0;
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe('POST /api/chat', () => {
  it('answers stream:false with one object, converting messages, options and format for the destination', async () => {
    upstream.handle((_request, response) =>
      sendJson(response, 200, createChatCompletion({ textPieces: ['{"ok":', 'true}'], usage: { promptTokens: 21, completionTokens: 4 } })),
    );
    const reply = await client.chat({
      model: 'gpt4',
      messages: [
        { role: 'system', content: 'Answer in JSON.' },
        { role: 'user', content: 'Are you there?' },
      ],
      format: 'json',
      keep_alive: '5m',
      options: { temperature: 0, num_predict: 50, top_p: 0.9, top_k: 40, stop: ['END'], seed: 7, num_ctx: 4096 },
    });
    expect(reply.message).toEqual({ role: 'assistant', content: '{"ok":true}' });
    expect(reply).toMatchObject({
      model: 'gpt-4o',
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 21,
      eval_count: 4,
      load_duration: 0,
    });
    expect(reply.total_duration).toBeGreaterThan(0);
    expect(reply.eval_duration).toBe(reply.total_duration);
    expect(Number.isNaN(Date.parse(String(reply.created_at)))).toBe(false);
    const sent = upstream.lastRequest();
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.body).toEqual({
      model: 'gpt-4o-2024-08-06',
      messages: [
        { role: 'system', content: 'Answer in JSON.' },
        { role: 'user', content: 'Are you there?' },
      ],
      max_tokens: 50,
      temperature: 0,
      top_p: 0.9,
      top_k: 40,
      stop: ['END'],
      seed: 7,
      response_format: { type: 'json_object' },
      store: false,
    });
  });

  it('streams NDJSON: one object per delta, then done with the statistics', async () => {
    upstream.handle(async (_request, response) => {
      startEventStream(response);
      const chunks = createChatChunks({ textPieces: ['Once', ' upon', ' a time'], usage: { promptTokens: 9, completionTokens: 3 } });
      await writeInPieces(response, formatOpenAIStream(chunks));
      response.end();
    });
    const stream = await client.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Tell a story' }], stream: true });
    const parts = [];
    for await (const part of stream) parts.push(part);
    expect(parts.map((part) => part.message.content).join('')).toBe('Once upon a time');
    expect(parts.slice(0, -1).every((part) => !part.done)).toBe(true);
    const last = parts.at(-1);
    expect(last).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 9, eval_count: 3, model: 'gpt-4o' });
    expect(last?.total_duration).toBe((last?.prompt_eval_duration ?? 0) + (last?.eval_duration ?? 0));
    expect(upstream.lastRequest().body).toMatchObject({ stream: true });
  });

  it('streams by default when stream is absent, as application/x-ndjson with the decision headers', async () => {
    upstream.handle(async (_request, response) => {
      startEventStream(response);
      await writeInPieces(response, formatOpenAIStream(createChatChunks({ textPieces: ['Hi', '!'] })));
      response.end();
    });
    const reply = await postJson(`${gateway.ollamaUrl}/api/chat`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/x-ndjson');
    expect(reply.headers.get('x-airlock-route')).toBe('cloud/gpt-4o-2024-08-06');
    expect(reply.headers.get('x-airlock-classification')).toBe('public');
    const lines = parseLines(reply.text);
    expect(lines.map((line) => (line['message'] as { content: string }).content)).toEqual(['Hi', '!', '']);
    expect(lines.at(-1)).toMatchObject({ done: true });
  });

  it('round-trips tools: object arguments out, and the tool result paired with its call on the way back', async () => {
    upstream.handle((_request, response) =>
      sendJson(
        response,
        200,
        createChatCompletion({ toolCalls: [{ id: 'call_abc', name: 'get_weather', argumentPieces: ['{"city":', '"Paris"}'] }] }),
      ),
    );
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const first = await client.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools });
    expect(first.message.tool_calls).toEqual([
      { id: 'call_abc', function: { index: 0, name: 'get_weather', arguments: { city: 'Paris' } } },
    ]);
    expect(upstream.lastRequest().body).toMatchObject({
      tools: [
        {
          type: 'function',
          function: { name: 'get_weather', description: 'Weather for a city', parameters: tools[0]?.function.parameters },
        },
      ],
    });

    upstream.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['It is sunny.'] })));
    const second = await client.chat({
      model: 'gpt-4o',
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        // As an Ollama client sends it back: no id, arguments as an object.
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
        { role: 'tool', content: '{"sky":"clear"}', tool_name: 'get_weather' },
      ],
    });
    expect(second.message.content).toBe('It is sunny.');
    const messages = (upstream.lastRequest().body as { messages: Record<string, unknown>[] }).messages;
    const call = (messages[1]?.['tool_calls'] as { id: string; function: { name: string; arguments: string } }[])[0];
    expect(call?.function).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    expect(messages[2]).toEqual({ role: 'tool', tool_call_id: call?.id, content: '{"sky":"clear"}' });
  });

  it('sends images as data: URLs', async () => {
    upstream.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['A dot.'] })));
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    await client.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What is this?', images: [png] }] });
    const [message] = (upstream.lastRequest().body as { messages: { content: unknown }[] }).messages;
    expect(message?.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
    ]);
  });

  it("answers a model name with Ollama's implicit :latest", async () => {
    upstream.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })));
    const reply = await client.chat({ model: 'gpt-4o:latest', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.message.content).toBe('ok');
  });

  it('loads (empty messages) and unloads (keep_alive 0) without sending anything', async () => {
    const load = await client.chat({ model: 'gpt-4o', messages: [] });
    expect(load).toMatchObject({ model: 'gpt-4o', done: true, done_reason: 'load', message: { role: 'assistant', content: '' } });
    const unload = await client.generate({ model: 'gpt-4o', prompt: '', keep_alive: 0 });
    expect(unload).toMatchObject({ done: true, done_reason: 'unload', response: '' });
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('POST /api/generate', () => {
  it('wraps a plain prompt (with system) in a chat turn, as Ollama applies the template', async () => {
    upstream.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['Blue light scatters.'] })));
    const reply = await client.generate({ model: 'gpt-4o', prompt: 'Why is the sky blue?', system: 'Be brief.' });
    expect(reply).toMatchObject({ model: 'gpt-4o', response: 'Blue light scatters.', done: true, done_reason: 'stop' });
    expect(upstream.lastRequest().body).toMatchObject({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Why is the sky blue?' },
      ],
    });
  });

  it('sends raw prompts and suffixes as text completions (fill-in-the-middle)', async () => {
    upstream.handle((_request, response) => sendJson(response, 200, createTextCompletion('  return a + b', { finishReason: 'length' })));
    const reply = await client.generate({
      model: 'gpt-4o',
      prompt: 'def add(a, b):\n',
      suffix: '\n\nprint(add(1, 2))',
      options: { num_predict: 8 },
    });
    expect(reply).toMatchObject({ response: '  return a + b', done: true, done_reason: 'length' });
    expect(upstream.lastRequest().path).toBe('/v1/completions');
    expect(upstream.lastRequest().body).toMatchObject({ prompt: 'def add(a, b):\n', suffix: '\n\nprint(add(1, 2))', max_tokens: 8 });

    await client.generate({ model: 'gpt-4o', prompt: '<|fim_prefix|>x = <|fim_suffix|>\n<|fim_middle|>', raw: true });
    expect(upstream.lastRequest().body).toMatchObject({ prompt: '<|fim_prefix|>x = <|fim_suffix|>\n<|fim_middle|>' });
    expect(upstream.lastRequest().body).not.toHaveProperty('suffix');
  });

  it('refuses what a text completion cannot carry, naming the field', async () => {
    const reply = await postJson(`${gateway.ollamaUrl}/api/generate`, {
      model: 'gpt-4o',
      prompt: 'x',
      raw: true,
      format: 'json',
      stream: false,
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toEqual({
      error: 'format is not supported together with raw or suffix.',
      code: 'INVALID_REQUEST',
      param: 'format',
    });
  });
});

describe("errors in Ollama's format", () => {
  it('reports an unknown model as 404 with the stable code', async () => {
    const error = await client.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ResponseError', status_code: 404 });
    expect((error as Error).message).toContain('Available models: gpt-4o');
    const raw = await postJson(`${gateway.ollamaUrl}/api/chat`, { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] });
    expect(JSON.parse(raw.text)).toMatchObject({ code: 'MODEL_NOT_FOUND', param: 'model' });
    expect(raw.headers.get('x-airlock-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports bad input and bad JSON with the field and code', async () => {
    const wrongType = await postJson(`${gateway.ollamaUrl}/api/chat`, { model: 'gpt-4o', messages: [{ role: 'robot', content: 'hi' }] });
    expect(wrongType.status).toBe(400);
    expect(JSON.parse(wrongType.text)).toMatchObject({ code: 'INVALID_REQUEST', param: 'messages[0].role' });
    const response = await fetch(`${gateway.ollamaUrl}/api/generate`, { method: 'POST', body: '{"model":' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'The request body is not valid JSON.', code: 'INVALID_JSON' });
    const orphan = await postJson(`${gateway.ollamaUrl}/api/chat`, {
      model: 'gpt-4o',
      messages: [{ role: 'tool', content: '42', tool_name: 'add' }],
    });
    expect(JSON.parse(orphan.text)).toMatchObject({ code: 'INVALID_REQUEST', param: 'messages[0]' });
    expect(upstream.requests).toHaveLength(0);
  });

  it('gives an upstream failure before the stream as a status, and one after it started as a last error line', async () => {
    upstream.handle((_request, response) =>
      sendJson(response, 500, { error: { message: 'boom', type: 'server_error', param: null, code: null } }),
    );
    const before = await client
      .chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true })
      .catch((caught: unknown) => caught);
    expect(before).toMatchObject({ name: 'ResponseError', status_code: 502 });

    upstream.handle(async (_request, response) => {
      startEventStream(response);
      const [role, first] = createChatChunks({ textPieces: ['Half an ans', 'wer'] });
      response.write(formatOpenAIStream([role, first], false));
      await new Promise((resolve) => setTimeout(resolve, 20));
      response.socket?.destroy();
    });
    const stream = await client.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const received: string[] = [];
    const failure = await (async () => {
      for await (const part of stream) received.push(part.message.content);
    })().catch((caught: unknown) => caught);
    expect(received.join('')).toBe('Half an ans');
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).not.toBe('Did not receive done or success response in stream.');

    const raw = await postJson(`${gateway.ollamaUrl}/api/chat`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(raw.status).toBe(200);
    const last = parseLines(raw.text).at(-1);
    expect(last).toEqual({ error: expect.any(String), code: 'UPSTREAM_STREAM_ERROR' });
  });
});
