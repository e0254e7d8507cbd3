import { request as httpRequest } from 'node:http';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';

let upstream: LoopbackServer;
let gateway: TestGateway;
let port: number;

beforeAll(async () => {
  upstream = await startLoopbackServer((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })));
  gateway = await startTestGateway({
    server: { ollama: { port: 0, allowedHosts: ['airlock.internal'], allowedOrigins: ['https://*.example.org'] } },
    destinations: { cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${upstream.url}/v1` } },
    models: { 'gpt-4o': { destination: 'cloud' } },
  });
  port = Number(new URL(gateway.ollamaUrl ?? '').port);
});

afterEach(() => {
  upstream.requests.length = 0;
  upstream.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })));
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

interface SentRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** node:http rather than fetch, which does not let a caller choose the Host header. */
function send(options: SentRequest): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: {
          ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
          ...options.headers,
        },
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const chat = { model: 'gpt-4o', stream: false, messages: [{ role: 'user', content: 'hi' }] };

describe('the Host check against DNS rebinding', () => {
  it.each(['localhost', `localhost:${11434}`, '127.0.0.1:8080', '[::1]:11434', '0.0.0.0', 'AIRLOCK.internal:443'])(
    'serves Host %s',
    async (host) => {
      const reply = await send({ path: '/api/version', headers: { host } });
      expect(reply.status).toBe(200);
    },
  );

  it.each(['evil.example', 'evil.example:11434', 'localhost.evil.example', '127.0.0.1.nip.io', 'localhost:abc'])(
    'refuses Host %s with 403 before anything is sent',
    async (host) => {
      const reply = await send({ method: 'POST', path: '/api/chat', headers: { host }, body: chat });
      expect(reply.status).toBe(403);
      expect(JSON.parse(reply.text)).toMatchObject({ code: 'FORBIDDEN', error: expect.stringContaining('Host not allowed') });
      expect(reply.headers['x-airlock-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(upstream.requests).toHaveLength(0);
    },
  );
});

describe('CORS like OLLAMA_ORIGINS', () => {
  it.each(['http://localhost:3000', 'https://127.0.0.1', 'vscode-webview://abc123', 'app://obsidian.md', 'https://docs.example.org'])(
    'answers the preflight of %s and marks the real response',
    async (origin) => {
      const preflight = await send({
        method: 'OPTIONS',
        path: '/api/chat',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      expect(preflight.headers['access-control-allow-methods']).toContain('POST');
      expect(String(preflight.headers['access-control-allow-headers'])).toContain('Content-Type');
      const real = await send({ method: 'POST', path: '/api/chat', headers: { origin }, body: chat });
      expect(real.status).toBe(200);
      expect(real.headers['access-control-allow-origin']).toBe(origin);
      expect(real.headers['access-control-expose-headers']).toContain('x-airlock-route');
    },
  );

  it.each(['https://evil.example', 'null', 'http://localhost.evil.example', 'https://example.org.evil.example'])(
    'refuses origin %s',
    async (origin) => {
      const preflight = await send({ method: 'OPTIONS', path: '/api/chat', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(403);
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const real = await send({ method: 'POST', path: '/api/chat', headers: { origin }, body: chat });
      expect(real.status).toBe(403);
      expect(JSON.parse(real.text)).toMatchObject({ code: 'FORBIDDEN' });
      expect(upstream.requests).toHaveLength(0);
    },
  );

  it('keeps CORS headers on streamed (NDJSON) replies', async () => {
    upstream.handle((_request, response) => {
      startEventStream(response);
      response.end(formatOpenAIStream(createChatChunks({ textPieces: ['ok'] })));
    });
    const reply = await send({
      method: 'POST',
      path: '/api/chat',
      headers: { origin: 'http://localhost:5173' },
      body: { ...chat, stream: true },
    });
    expect(reply.headers['content-type']).toBe('application/x-ndjson');
    expect(reply.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(reply.text).toContain('"done":true');
  });
});

describe('the rest of the listener', () => {
  it('says Ollama is running on GET and HEAD /', async () => {
    const get = await send({ path: '/' });
    expect(get).toMatchObject({ status: 200, text: 'Ollama is running' });
    const head = await send({ method: 'HEAD', path: '/' });
    expect(head.status).toBe(200);
  });

  it('refuses model management with an explanation', async () => {
    const client = new Ollama({ host: gateway.ollamaUrl });
    const pull = await client.pull({ model: 'llama3.2' }).catch((caught: unknown) => caught);
    expect(pull).toMatchObject({ name: 'ResponseError', status_code: 403 });
    expect((pull as Error).message).toContain('Airlock manages models in its configuration');
    const refused = [
      ['POST', '/api/push'],
      ['POST', '/api/create'],
      ['POST', '/api/copy'],
      ['DELETE', '/api/delete'],
      ['POST', '/api/blobs/sha256:29fdb92e57cf0827ded04ae6461b5931d01fa595843f55d36f5b275a52087dd2'],
      ['HEAD', '/api/blobs/sha256:29fdb92e57cf0827ded04ae6461b5931d01fa595843f55d36f5b275a52087dd2'],
    ];
    for (const [method, path] of refused) {
      const reply = await send({ method, path: path ?? '', body: method === 'HEAD' ? undefined : { model: 'x' } });
      expect(reply.status, `${method} ${path} ${reply.text}`).toBe(403);
    }
  });

  it('serves the OpenAI routes under /v1 for the openai client, with OpenAI errors there', async () => {
    const client = new OpenAI({ baseURL: `${gateway.ollamaUrl}/v1`, apiKey: 'ollama', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBe('ok');
    expect((await client.models.list()).data.map((model) => model.id)).toEqual(['gpt-4o']);
    const error = await client.chat.completions
      .create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('MODEL_NOT_FOUND');
    const response = await client.responses.create({ model: 'gpt-4o', input: 'hi' });
    expect(response.output_text).toBe('ok');
  });

  it("answers unknown routes and wrong methods in Ollama's format", async () => {
    const missing = await send({ path: '/api/nothing' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ error: 'No route GET /api/nothing.', code: 'ROUTE_NOT_FOUND' });
    const wrongMethod = await send({ path: '/api/chat' });
    expect(wrongMethod.status).toBe(405);
    expect(JSON.parse(wrongMethod.text)).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
  });

  it('does not serve the Ollama API on the main listener', async () => {
    const response = await fetch(`${gateway.url}/api/tags`);
    expect(response.status).toBe(404);
  });
});
