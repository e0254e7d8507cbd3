import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatCompletion } from '../../helpers/loopback-openai.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';

let upstream: LoopbackServer;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startLoopbackServer((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })));
  gateway = await startTestGateway({
    server: { bodyLimit: 64 * 1024, requestTimeoutMs: 500 },
    destinations: { cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${upstream.url}/v1` } },
    models: { 'gpt-4o': { destination: 'cloud' }, other: { destination: 'cloud' } },
  });
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

async function post(path: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(`${gateway.url}${path}`, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { error: Record<string, unknown> } };
}

const valid = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });

describe('bad input gets an OpenAI error object with a stable code, and the server keeps serving', () => {
  it.each([
    ['malformed JSON', '{"model": "gpt-4o", "messages": [', 400, 'INVALID_JSON', null],
    ['a missing field', JSON.stringify({ model: 'gpt-4o' }), 400, 'INVALID_REQUEST', 'messages'],
    ['a wrong type', JSON.stringify({ model: 'gpt-4o', messages: 'hi' }), 400, 'INVALID_REQUEST', 'messages'],
    [
      'a bad role',
      JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'wizard', content: 'x' }] }),
      400,
      'INVALID_REQUEST',
      'messages[0].role',
    ],
    [
      'an out-of-range number',
      JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], temperature: 9 }),
      400,
      'INVALID_REQUEST',
      'temperature',
    ],
    ['an empty body', '', 400, 'INVALID_REQUEST', null],
  ])('%s', async (_name, body, status, code, param) => {
    const response = await post('/v1/chat/completions', body);
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({ code, type: 'invalid_request_error', param });
    expect(response.headers.get('x-airlock-request-id')).toBeTruthy();
  });

  it('a body over the limit', async () => {
    const huge = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(100 * 1024) }] });
    const response = await post('/v1/chat/completions', huge);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('BODY_TOO_LARGE');
  });

  it('a compressed body is inspected after decompression and its decompressed size is limited', async () => {
    const ok = await post('/v1/chat/completions', gzipSync(valid), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(ok.status).toBe(200);
    const bomb = gzipSync(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'a'.repeat(10 * 1024 * 1024) }] }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const refused = await post('/v1/chat/completions', bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe('BODY_TOO_LARGE');
  });

  it('an unsupported content-encoding', async () => {
    const response = await post('/v1/chat/completions', valid, { 'content-type': 'application/json', 'content-encoding': 'compress' });
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('BODY_UNINSPECTABLE');
  });

  it('a corrupt gzip body', async () => {
    const response = await post('/v1/chat/completions', Buffer.from('not gzip at all'), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_REQUEST');
  });

  it('an unknown route and a wrong method', async () => {
    const unknown = await fetch(`${gateway.url}/v1/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
    const wrongMethod = await fetch(`${gateway.url}/v1/chat/completions`);
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('an unknown model lists the available ones (official client)', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const apiError = error as InstanceType<typeof OpenAI.NotFoundError>;
    expect(apiError.code).toBe('MODEL_NOT_FOUND');
    expect(apiError.message).toContain('gpt-4o, other');
  });

  it('a slow client that never finishes its body gets 408', async () => {
    const url = new URL(gateway.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          'POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"model":',
        );
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(reply).toContain('"code":"REQUEST_TIMEOUT"');
  });

  it('still serves after all of the above', async () => {
    const response = await post('/v1/chat/completions', valid);
    expect(response.status).toBe(200);
  });
});
