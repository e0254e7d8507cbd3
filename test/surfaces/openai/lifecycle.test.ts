import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';

let upstream: LoopbackServer;
let gateway: TestGateway;

const config = (url: string) => ({
  destinations: {
    cloud: { kind: 'openai-compatible' as const, tier: 'enterprise' as const, retention: 'zero' as const, baseUrl: `${url}/v1` },
    vendor: { kind: 'openai-compatible' as const, tier: 'enterprise' as const, retention: 30, baseUrl: `${url}/v1` },
  },
  models: { 'gpt-4o': { destination: 'cloud' }, 'gpt-3.5': { destination: 'cloud' }, 'vendor-model': { destination: 'vendor' } },
  policy: {
    approvedModels: { cloud: ['gpt-4o'] },
    rules: [{ name: 'watch-payments', when: { repositories: ['acme/payments-*'] }, action: 'monitor' as const }],
  },
});

beforeAll(async () => {
  upstream = await startLoopbackServer();
  gateway = await startTestGateway(config(upstream.url));
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe('request lifecycle through the gateway', () => {
  it('aborts the upstream call when the client goes away mid-stream', async () => {
    upstream.handle(async (_request, response) => {
      startEventStream(response);
      const events = formatOpenAIStream(createChatChunks({ textPieces: ['one', 'two'] }), false).split('\n\n');
      response.write(`${events[0]}\n\n${events[1]}\n\n`);
      // Never finishes: only the gateway closing its connection ends this request.
    });
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const upstreamClosed = upstream.lastRequest().connectionClosed;
    await expect(
      Promise.race([upstreamClosed.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open'), 3_000))]),
    ).resolves.toBe('closed');
  });

  it('slows the upstream read down to a client that does not read (backpressure), and loses nothing', async () => {
    const piece = 'x'.repeat(1_000);
    const pieces = 24_000; // about 24 MB of text, far more than socket buffers hold
    let written = 0;
    upstream.handle(async (_request, response) => {
      startEventStream(response);
      const chunks = formatOpenAIStream(createChatChunks({ textPieces: Array.from({ length: pieces }, () => piece) }), true).split('\n\n');
      for (const chunk of chunks) {
        if (chunk === '') continue;
        written += chunk.length;
        if (!response.write(`${chunk}\n\n`)) await new Promise((resolve) => response.once('drain', resolve));
      }
      response.end();
    });
    const { request } = await import('node:http');
    const url = new URL(`${gateway.url}/v1/chat/completions`);
    const body = JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const client = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    client.end(body);
    const response = await new Promise<import('node:http').IncomingMessage>((resolve) => client.once('response', resolve));
    response.pause();
    // The client reads nothing for a while: the upstream must be held back, not read into memory.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const writtenWhilePaused = written;
    expect(writtenWhilePaused).toBeLessThan((pieces * piece.length) / 2);
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.resume();
    await new Promise((resolve) => response.once('end', resolve));
    expect(text.split(piece).length - 1).toBe(pieces);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  }, 30_000);

  it('lists only approved models and refuses the others by name', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    expect((await client.models.list()).data.map((model) => model.id)).toEqual(['gpt-4o', 'vendor-model']);
    expect((await client.models.retrieve('gpt-4o')).id).toBe('gpt-4o');
    await expect(client.models.retrieve('gpt-3.5')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const blocked = await client.chat.completions
      .create({ model: 'gpt-3.5', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    expect((blocked as InstanceType<typeof OpenAI.APIError>).code).toBe('POLICY_BLOCKED');
  });

  it('monitor mode decides and records, but forwards the request unchanged', async () => {
    upstream.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })));
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const secret = 'AKIAQ3EGRJ7XPL2MVN5T';
    const { response } = await client.chat.completions
      .create(
        { model: 'vendor-model', messages: [{ role: 'user', content: `key ${secret}` }] },
        { headers: { 'x-airlock-repository': 'acme/payments-api' } },
      )
      .withResponse();
    expect(response.headers.get('x-airlock-action')).toBe('monitor');
    // Enforced, the 30-day-retention vendor could not take restricted data: it would have been blocked (no local model).
    expect(response.headers.get('x-airlock-would')).toBe('block:clearance');
    expect(response.headers.get('x-airlock-route')).toBe('vendor/vendor-model');
    expect(upstream.lastRequest().rawBody).toContain(secret);
  });

  it('drains an in-flight request on shutdown and refuses new ones', async () => {
    const draining = await startTestGateway(config(upstream.url));
    upstream.handle(async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      sendJson(response, 200, createChatCompletion({ textPieces: ['finished while draining'] }));
    });
    const client = new OpenAI({ baseURL: `${draining.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const inFlight = client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'slow' }] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = draining.close();
    const refused = await fetch(`${draining.url}/healthz`).then(
      (result) => result.status,
      () => 'connection refused',
    );
    expect([503, 'connection refused']).toContain(refused);
    expect((await inFlight).choices[0]?.message.content).toBe('finished while draining');
    // The drain ends with the last request, not at the 30 s grace period.
    const started = Date.now();
    await closed;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
