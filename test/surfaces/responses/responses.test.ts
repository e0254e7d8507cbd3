import { readFileSync } from 'node:fs';
import { brotliCompressSync, deflateSync } from 'node:zlib';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, writeInPieces, type LoopbackServer } from '../../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';

const AWS_KEY = 'AKIAQ3EGRJ7XPL2MVN5T';
const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/zstd/${name}`, import.meta.url));

let cloud: LoopbackServer;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  cloud = await startLoopbackServer();
  gateway = await startTestGateway({
    destinations: {
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1`, retries: { max: 0 } },
    },
    models: { 'gpt-4o': { destination: 'cloud' } },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterEach(() => {
  cloud.requests.length = 0;
});

afterAll(async () => {
  await gateway?.close();
  await cloud?.close();
});

const echoPlaceholders = (body: string): string => [...new Set(body.match(/<[A-Z][A-Z0-9_]*_\d+>/g) ?? [])].join(' ');

describe('POST /v1/responses', () => {
  it('answers JSON with instructions and a string input, redacting and restoring a secret', async () => {
    cloud.handle((request, response) =>
      sendJson(response, 200, createChatCompletion({ textPieces: [`Rotate ${echoPlaceholders(request.rawBody)}.`] })),
    );
    const result = await client.responses.create({ model: 'gpt-4o', instructions: 'Be brief.', input: `My key is ${AWS_KEY}` });
    expect(result.output_text).toBe(`Rotate ${AWS_KEY}.`);
    expect(result.status).toBe('completed');
    expect(result.model).toBe('gpt-4o');
    const sent = cloud.lastRequest().body as { messages: { role: string; content: string }[]; store: boolean };
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'My key is <AWS_ACCESS_KEY_ID_1>' },
    ]);
    expect(sent.store).toBe(false);
  });

  it('streams text and function calls that the SDK accumulates into a final response', async () => {
    cloud.handle(async (request, response) => {
      startEventStream(response);
      const placeholder = echoPlaceholders(request.rawBody);
      const chunks = createChatChunks({
        textPieces: ['Checking ', placeholder.slice(0, 6), placeholder.slice(6)],
        toolCalls: [{ id: 'call_9', name: 'rotate', argumentPieces: ['{"key":"', placeholder, '"}'] }],
      });
      await writeInPieces(response, formatOpenAIStream(chunks));
      response.end();
    });
    const stream = client.responses.stream({
      model: 'gpt-4o',
      input: [{ role: 'user', content: [{ type: 'input_text', text: `rotate ${AWS_KEY}` }] }],
      tools: [{ type: 'function', name: 'rotate', parameters: { type: 'object', properties: { key: { type: 'string' } } }, strict: false }],
    });
    const types: string[] = [];
    stream.on('event', (event) => types.push(event.type));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(`Checking ${AWS_KEY}`);
    const call = final.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', call_id: 'call_9', name: 'rotate' });
    expect(JSON.parse((call as { arguments: string }).arguments)).toEqual({ key: AWS_KEY });
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.function_call_arguments.delta');
    expect(cloud.lastRequest().rawBody).not.toContain(AWS_KEY);
  });

  it('carries function_call and function_call_output items upstream as a tool round trip', async () => {
    cloud.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['Done.'] })));
    await client.responses.create({
      model: 'gpt-4o',
      input: [
        { role: 'user', content: 'list files' },
        { type: 'function_call', call_id: 'call_1', name: 'ls', arguments: '{"path":"."}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'README.md' },
      ],
    });
    expect(cloud.lastRequest().body).toMatchObject({
      messages: [
        { role: 'user', content: 'list files' },
        { role: 'assistant', tool_calls: [{ id: 'call_1', function: { name: 'ls', arguments: '{"path":"."}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'README.md' },
      ],
    });
  });

  it('accepts zstd, gzip, br and deflate bodies and inspects what is inside', async () => {
    cloud.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })));
    const plain = fixture('request.json');
    const bodies: [string, Buffer][] = [
      ['zstd', fixture('request.json.zst')],
      ['br', brotliCompressSync(plain)],
      ['deflate', deflateSync(plain)],
    ];
    for (const [encoding, body] of bodies) {
      const response = await fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body,
      });
      expect(response.status, encoding).toBe(200);
      expect(response.headers.get('x-airlock-action')).toBe('redact');
      expect(cloud.lastRequest().rawBody).not.toContain(AWS_KEY);
    }
  });

  it('refuses a zstd bomb by its decompressed size and an unknown encoding', async () => {
    const bomb = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' },
      body: fixture('bomb.json.zst'),
    });
    expect(bomb.status).toBe(413);
    expect(((await bomb.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
    const unknown = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'lz4' },
      body: fixture('request.json'),
    });
    expect(unknown.status).toBe(415);
    const corrupt = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'zstd' },
      body: Buffer.from('not zstd'),
    });
    expect(corrupt.status).toBe(400);
    expect(cloud.requests).toHaveLength(0);
  });

  it('refuses what needs provider-side state, and keeps nothing to retrieve', async () => {
    const cases = [
      [{ model: 'gpt-4o', input: 'hi', previous_response_id: 'resp_1' }, 'INVALID_REQUEST', 'previous_response_id'],
      [{ model: 'gpt-4o', input: 'hi', store: true }, 'RETENTION_VIOLATION', 'store'],
      [{ model: 'gpt-4o', input: 'hi', tools: [{ type: 'web_search' }] }, 'INVALID_REQUEST', 'tools[0]'],
    ] as const;
    for (const [body, code, param] of cases) {
      const error = (await client.responses.create(body as never).catch((caught: unknown) => caught)) as InstanceType<
        typeof OpenAI.APIError
      >;
      expect(error.code, JSON.stringify(body)).toBe(code);
      expect(error.param).toMatch(new RegExp(`^${param.replace(/[[\]]/g, '\\$&')}`));
    }
    const retrieve = await fetch(`${gateway.url}/v1/responses/resp_1`);
    expect(retrieve.status).toBe(404);
    expect(cloud.requests).toHaveLength(0);
  });

  it('reports an upstream stream failure as an error event the SDK raises', async () => {
    cloud.handle(async (_request, response) => {
      startEventStream(response);
      const events = formatOpenAIStream(createChatChunks({ textPieces: ['partial', ' more'] }), false).split('\n\n');
      response.write(`${events[0]}\n\n${events[1]}\n\n`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      response.socket?.destroy();
    });
    const stream = await client.responses.create({ model: 'gpt-4o', input: 'x', stream: true });
    const failure = await (async () => {
      try {
        for await (const _event of stream) void _event;
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).code).toBe('UPSTREAM_STREAM_ERROR');
  });
});
