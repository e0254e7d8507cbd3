import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, writeInPieces, type LoopbackServer } from '../../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';

let upstream: LoopbackServer;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startLoopbackServer();
  gateway = await startTestGateway(
    {
      destinations: {
        cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${upstream.url}/v1`, apiKeyEnv: 'CLOUD_KEY' },
      },
      models: { 'gpt-4o': { destination: 'cloud', upstream: 'gpt-4o-2024-08-06', aliases: ['gpt4'] } },
    },
    { CLOUD_KEY: 'sk-test-upstream-key' },
  );
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe('POST /v1/chat/completions through the gateway', () => {
  it('answers JSON, names the model, and tells the route in headers', async () => {
    upstream.handle((_request, response) =>
      sendJson(response, 200, createChatCompletion({ textPieces: ['Hello ', 'there'], usage: { promptTokens: 12, completionTokens: 2 } })),
    );
    const { data, response } = await client.chat.completions
      .create({
        model: 'gpt4',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Say hello' },
        ],
        temperature: 0,
      })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello there');
    expect(data.model).toBe('gpt-4o');
    expect(data.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 });
    expect(response.headers.get('x-airlock-route')).toBe('cloud/gpt-4o-2024-08-06');
    expect(response.headers.get('x-airlock-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-airlock-classification')).toBe('public');
    const sent = upstream.lastRequest();
    expect(sent.headers.authorization).toBe('Bearer sk-test-upstream-key');
    expect(sent.body).toMatchObject({
      model: 'gpt-4o-2024-08-06',
      temperature: 0,
      store: false,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
  });

  it('streams with include_usage, reassembling upstream chunks cut anywhere', async () => {
    upstream.handle(async (_request, response) => {
      startEventStream(response);
      await writeInPieces(
        response,
        formatOpenAIStream(createChatChunks({ textPieces: ['Once', ' upon', ' a time'], usage: { promptTokens: 5, completionTokens: 3 } })),
      );
      response.end();
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Tell a story' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage;
    let finish;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish ??= chunk.choices[0]?.finish_reason ?? undefined;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Once upon a time');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 3 });
  });

  it('passes tools out and streams tool_calls deltas back', async () => {
    upstream.handle(async (_request, response) => {
      startEventStream(response);
      const chunks = createChatChunks({ toolCalls: [{ id: 'call_1', name: 'get_weather', argumentPieces: ['{"ci', 'ty":"Par', 'is"}'] }] });
      await writeInPieces(response, formatOpenAIStream(chunks));
      response.end();
    });
    const runner = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
      tool_choice: 'auto',
    });
    const completion = await runner.finalChatCompletion();
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call).toMatchObject({ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(upstream.lastRequest().body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
    });
  });

  it('sends tool results and response_format upstream', async () => {
    upstream.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['{"ok":true}'] })));
    const result = await client.chat.completions.create({
      model: 'gpt-4o',
      response_format: { type: 'json_schema', json_schema: { name: 'ok', schema: { type: 'object' }, strict: true } },
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      ],
    });
    expect(result.choices[0]?.message.content).toBe('{"ok":true}');
    expect(upstream.lastRequest().body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'ok', strict: true } },
      messages: [
        { role: 'user' },
        { role: 'assistant', tool_calls: [{ id: 'call_1', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      ],
    });
  });

  it('ends a stream that dies upstream with an error event the SDK raises', async () => {
    upstream.handle(async (_request, response) => {
      startEventStream(response);
      const events = formatOpenAIStream(createChatChunks({ textPieces: ['partial', ' never sent'] }), false).split('\n\n');
      // The role chunk and the first text chunk arrive whole; the next one is cut off.
      response.write(`${events[0]}\n\n${events[1]}\n\n${events[2]?.slice(0, 30)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      response.socket?.destroy();
    });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    const received: string[] = [];
    const failure = await (async () => {
      try {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(received.join('')).toBe('partial');
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).code).toBe('UPSTREAM_STREAM_ERROR');
  });
});
