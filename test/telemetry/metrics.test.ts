import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';

const ADMIN_KEY = 'metrics-admin-key-0123456789abcdef';
const MARKER = 'zebra-unicorn-4711';
let upstream: LoopbackServer;
let gateway: TestGateway;

const config = (url: string, enabled: boolean) => ({
  destinations: {
    cloud: { kind: 'openai-compatible' as const, tier: 'enterprise' as const, retention: 'zero' as const, baseUrl: `${url}/v1` },
  },
  models: { 'gpt-4o': { destination: 'cloud' } },
  metrics: { enabled },
  // Admin keys are configured (to read the metrics); model calls stay anonymous here.
  auth: { anonymous: true },
});

async function readMetrics(target: TestGateway, key?: string): Promise<{ status: number; text: string; type: string | null }> {
  const response = await fetch(`${target.url}/admin/metrics`, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
}

beforeAll(async () => {
  upstream = await startLoopbackServer();
  gateway = await startTestGateway(config(upstream.url, true), { AIRLOCK_ADMIN_KEYS: `ops:${ADMIN_KEY}` });
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe('Prometheus metrics', () => {
  it('counts requests by route, decision and outcome, with latency, first-event time, tokens and findings, and no content', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    upstream.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['fine'] })));
    await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: `Write to jane.doe@acmecorp.io about ${MARKER}` }],
    });
    upstream.handle((_request, response) => {
      startEventStream(response);
      response.end(formatOpenAIStream(createChatChunks({ textPieces: ['a', 'b'] })));
    });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for await (const _chunk of stream) void _chunk;
    await expect(
      client.chat.completions.create({ model: `made-up-${MARKER}`, messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toThrow();

    const { status, text, type } = await readMetrics(gateway, ADMIN_KEY);
    expect(status).toBe(200);
    expect(type).toContain('text/plain');
    expect(text).toMatch(
      /airlock_requests_total\{surface="openai",model="gpt-4o",destination="cloud",classification="confidential",action="allow",outcome="ok"\} 1\n/,
    );
    expect(text).toMatch(
      /airlock_requests_total\{surface="openai",model="gpt-4o",destination="cloud",classification="public",action="allow",outcome="ok"\} 1\n/,
    );
    // An unknown model is counted, but the name the client made up is not a label.
    expect(text).toMatch(
      /airlock_requests_total\{surface="openai",model="",destination="",classification="public",action="",outcome="MODEL_NOT_FOUND"\} 1\n/,
    );
    expect(text).toMatch(/airlock_request_duration_seconds_count\{surface="openai",stream="true"\} 1\n/);
    expect(text).toMatch(/airlock_stream_first_event_seconds_count\{surface="openai",destination="cloud"\} 1\n/);
    expect(text).toMatch(/airlock_tokens_total\{destination="cloud",direction="output"\} [1-9]/);
    expect(text).toMatch(/airlock_findings_total\{category="pii",type="email"\} 1\n/);
    expect(text).toContain('airlock_process_cpu_seconds_total');
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain('jane.doe');
  });

  it('needs an admin credential', async () => {
    expect((await readMetrics(gateway)).status).toBe(401);
    expect((await readMetrics(gateway, 'not-the-admin-key-0123456789')).status).toBe(401);
  });

  it('is off unless metrics.enabled', async () => {
    const plain = await startTestGateway(config(upstream.url, false), { AIRLOCK_ADMIN_KEYS: `ops:${ADMIN_KEY}` });
    try {
      expect((await readMetrics(plain, ADMIN_KEY)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
