import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import {
  bearer,
  CHAT_BODY,
  CLOUD_ENV,
  createCloudConfig,
  issueKey,
  postChat,
  startAccountingUpstream,
  waitFor,
} from '../auth/gateway-fixtures.js';
import { createChatChunks, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { startEventStream, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { RedisTestHarness, TEST_REDIS_URL } from '../limits/redis-test-harness.js';

const redis = new RedisTestHarness();
let upstream: LoopbackServer;

beforeAll(async () => {
  upstream = await startAccountingUpstream();
});

afterAll(async () => {
  await upstream?.close();
  await redis.cleanUp();
});

const backends: [string, () => ConfigInput['limits']][] = [
  ['memory', () => ({ kind: 'memory' })],
  ['redis', () => ({ kind: 'redis', url: TEST_REDIS_URL, keyPrefix: redis.createPrefix() })],
];

describe.each(backends)('rate limits through the gateway (%s limiter)', (_name, limits) => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(createCloudConfig(upstream.url, { auth: { anonymous: false }, limits: limits() }), CLOUD_ENV);
  });
  afterAll(() => gateway?.close());

  it('admits rpm requests per key with x-ratelimit-* headers, then answers 429 with retry-after', async () => {
    const key = await issueKey(gateway, { user: 'alice', limits: { rpm: 2 } });
    const before = upstream.requests.length;
    const first = await postChat(gateway.url, bearer(key));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect((await postChat(gateway.url, bearer(key))).headers.get('x-ratelimit-remaining-requests')).toBe('0');
    const refused = await postChat(gateway.url, bearer(key));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(refused.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(\.\d+)?m?s$|^\d+m[\d.]+s$/);
    expect(refused.body).toMatchObject({ error: { code: 'RATE_LIMITED', type: 'rate_limit_error' } });
    expect(String((refused.body['error'] as { message: string }).message)).toContain('2 requests per minute for key key_');
    expect(upstream.requests.length - before).toBe(2);
    // The official client sees OpenAI's own rate-limit error.
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 429,
    });
  });

  it('shares a team limit between the team’s keys', async () => {
    await gateway.access.store.teams.upsert({ id: `team-${_name}`, limits: { rpm: 3 } });
    const one = await issueKey(gateway, { user: 'a', team: `team-${_name}` });
    const two = await issueKey(gateway, { user: 'b', team: `team-${_name}` });
    const statuses = [];
    for (const key of [one, two, one, two]) statuses.push((await postChat(gateway.url, bearer(key))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await postChat(gateway.url, bearer(one));
    expect(String((refused.body['error'] as { message: string }).message)).toContain(`team "team-${_name}"`);
  });

  it('refuses a prompt whose estimated tokens exceed the tpm limit', async () => {
    const key = await issueKey(gateway, { user: 'c', limits: { tpm: 50 } });
    const long = { ...CHAT_BODY, messages: [{ role: 'user', content: 'word '.repeat(100) }] };
    const refused = await postChat(gateway.url, bearer(key), long);
    expect(refused.status).toBe(429);
    expect(String((refused.body['error'] as { message: string }).message)).toContain('tokens per minute');
    expect(refused.headers.get('x-ratelimit-limit-tokens')).toBe('50');
    // Short prompts pass; each is settled at the reported 15 tokens.
    expect((await postChat(gateway.url, bearer(key))).status).toBe(200);
    const second = await postChat(gateway.url, bearer(key));
    expect(second.status).toBe(200);
    expect(Number(second.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThanOrEqual(50 - 15);
  });
});

describe('concurrency limits and releasing slots', () => {
  let slowUpstream: LoopbackServer;
  let gateway: TestGateway;
  let hold: () => void = () => undefined;
  beforeAll(async () => {
    slowUpstream = await startLoopbackServer(async (_request, response) => {
      startEventStream(response);
      const chunks = formatOpenAIStream(createChatChunks({ textPieces: ['one', ' two'], usage: { promptTokens: 3, completionTokens: 2 } }));
      // The role chunk and the first text: enough for the gateway to start its own stream.
      const cut = chunks.indexOf('\n\n', chunks.indexOf('\n\n') + 2) + 2;
      response.write(chunks.slice(0, cut));
      await new Promise<void>((resolve) => {
        hold = resolve;
      });
      if (!response.destroyed) response.end(chunks.slice(cut));
    });
    gateway = await startTestGateway(createCloudConfig(slowUpstream.url, { auth: { anonymous: false } }), CLOUD_ENV);
  });
  afterAll(async () => {
    hold();
    await gateway?.close();
    await slowUpstream?.close();
  });

  async function openStream(key: string): Promise<{ response: Response; abort: AbortController }> {
    const abort = new AbortController();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      body: JSON.stringify({ ...CHAT_BODY, stream: true }),
      signal: abort.signal,
    });
    return { response, abort };
  }

  it('refuses a second request in flight, and frees the slot when the stream ends', async () => {
    const key = await issueKey(gateway, { user: 'd', limits: { concurrency: 1 } });
    const first = await openStream(key);
    expect(first.response.status).toBe(200);
    const second = await postChat(gateway.url, bearer(key), { ...CHAT_BODY, stream: true });
    expect(second.status).toBe(429);
    expect(String((second.body['error'] as { message: string }).message)).toContain('concurrent requests');
    hold();
    await first.response.text();
    await waitFor(async () => {
      const next = await openStream(key);
      const admitted = next.response.status === 200;
      next.abort.abort();
      await next.response.body?.cancel().catch(() => undefined);
      return admitted;
    }, 2_000);
  });

  it('frees the slot when the client goes away mid-stream', async () => {
    const key = await issueKey(gateway, { user: 'e', limits: { concurrency: 1 } });
    const first = await openStream(key);
    expect(first.response.status).toBe(200);
    first.abort.abort();
    await first.response.body?.cancel().catch(() => undefined);
    await waitFor(async () => {
      const next = await openStream(key);
      const admitted = next.response.status === 200;
      next.abort.abort();
      await next.response.body?.cancel().catch(() => undefined);
      return admitted;
    }, 2_000);
  });
});

describe('an unreachable limiter', () => {
  it('refuses with LIMITS_UNAVAILABLE when fail mode is closed (the default), and serves keys without limits', async () => {
    const gateway = await startTestGateway(
      createCloudConfig(upstream.url, {
        auth: { anonymous: false },
        limits: { kind: 'redis', url: 'redis://127.0.0.1:1', connectTimeoutMs: 200, commandTimeoutMs: 200 },
      }),
      CLOUD_ENV,
    );
    try {
      const limited = await issueKey(gateway, { user: 'f', limits: { rpm: 100 } });
      const refused = await postChat(gateway.url, bearer(limited));
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: { code: 'LIMITS_UNAVAILABLE' } });
      const unlimited = await issueKey(gateway, { user: 'g' });
      expect((await postChat(gateway.url, bearer(unlimited))).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it('serves, logged as degraded, when fail mode is open', async () => {
    const gateway = await startTestGateway(
      createCloudConfig(upstream.url, {
        auth: { anonymous: false },
        limits: { kind: 'redis', url: 'redis://127.0.0.1:1', connectTimeoutMs: 200, commandTimeoutMs: 200, failMode: 'open' },
      }),
      CLOUD_ENV,
    );
    try {
      const key = await issueKey(gateway, {
        user: 'h',
        limits: { rpm: 1 },
        budget: { period: 'month', softMicroUsd: null, hardMicroUsd: 1 },
      });
      expect((await postChat(gateway.url, bearer(key))).status).toBe(200);
      expect((await postChat(gateway.url, bearer(key))).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });
});
