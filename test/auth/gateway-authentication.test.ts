import { Writable } from 'node:stream';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/telemetry/logger.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import {
  bearer,
  CLOUD_ENV,
  createCloudConfig,
  issueKey,
  postChat,
  readUsage,
  startAccountingUpstream,
  UPSTREAM_KEY,
  waitFor,
} from './gateway-fixtures.js';

let upstream: LoopbackServer;
let gateway: TestGateway;
let logText = '';

beforeAll(async () => {
  upstream = await startAccountingUpstream();
  const logSink = new Writable({
    write(chunk, _encoding, done) {
      logText += String(chunk);
      done();
    },
  });
  gateway = await startTestGateway(
    createCloudConfig(upstream.url, {
      server: { ollama: { host: '127.0.0.1', port: 0 } },
      auth: { anonymous: false, keyCacheTtlMs: 300 },
      policy: {
        rules: [
          {
            name: 'no-contractors-on-cloud',
            when: { teams: ['contractors'] },
            action: 'block',
            message: 'Contractors use the local model.',
          },
          { name: 'no-interns', when: { users: ['intern-*'] }, action: 'block' },
        ],
      },
    }),
    CLOUD_ENV,
    { logger: createLogger('debug', logSink) },
  );
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe('authentication on the OpenAI surface', () => {
  it('refuses a request without credentials with 401 in OpenAI format, before anything is sent', async () => {
    const before = upstream.requests.length;
    const response = await postChat(gateway.url, {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="airlock"');
    expect(response.body).toMatchObject({ error: { code: 'UNAUTHENTICATED', type: 'authentication_error', param: null } });
    expect(upstream.requests.length).toBe(before);
  });

  it('authenticates before the body is read: garbage from an unauthenticated client is 401, not 400', async () => {
    const response = await postChat(gateway.url, {}, '{not json');
    expect(response.status).toBe(401);
  });

  it('serves the official OpenAI client with a virtual key; the key never reaches the upstream', async () => {
    const key = await issueKey(gateway, { user: 'alice', team: 'platform' });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBe('Hello there');
    const sent = upstream.lastRequest();
    expect(sent.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(JSON.stringify(sent.headers) + sent.rawBody).not.toContain(key);
  });

  it('accepts the key as x-api-key too', async () => {
    const key = await issueKey(gateway, { user: 'alice' });
    expect((await postChat(gateway.url, { 'x-api-key': key })).status).toBe(200);
  });

  it('refuses unknown, malformed, revoked and expired keys', async () => {
    const unknown = await postChat(gateway.url, bearer(`alk_${'x'.repeat(40)}`));
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ error: { code: 'UNAUTHENTICATED', message: 'The API key is not valid.' } });
    expect((await postChat(gateway.url, bearer('sk-not-an-airlock-key'))).status).toBe(401);

    const revokedKey = await issueKey(gateway, { user: 'bob' });
    expect((await postChat(gateway.url, bearer(revokedKey))).status).toBe(200);
    const [record] = await gateway.access.store.keys.list({ user: 'bob' });
    // Revoked directly in the store, as another replica would: honoured within the cache TTL (300 ms).
    await gateway.access.store.keys.revoke(record!.id);
    const tookMs = await waitFor(async () => (await postChat(gateway.url, bearer(revokedKey))).status === 401, 2_000);
    expect(tookMs).toBeLessThan(1_000);
    expect((await postChat(gateway.url, bearer(revokedKey))).body).toMatchObject({ error: { message: 'The API key has been revoked.' } });

    const expiresAt = new Date(Date.now() + 1_500);
    const expiring = await issueKey(gateway, { user: 'carol', expiresAt });
    expect((await postChat(gateway.url, bearer(expiring))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 20));
    // Expiry is checked against the clock at every use, cached or not.
    expect((await postChat(gateway.url, bearer(expiring))).body).toMatchObject({ error: { message: 'The API key has expired.' } });
  });

  it('gives the policy the principal: team and user rules apply to keys', async () => {
    const contractor = await issueKey(gateway, { user: 'dan', team: 'contractors' });
    const blocked = await postChat(gateway.url, bearer(contractor));
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ error: { code: 'POLICY_BLOCKED', message: 'Contractors use the local model.' } });
    const intern = await issueKey(gateway, { user: 'intern-7', team: 'platform' });
    expect((await postChat(gateway.url, bearer(intern))).status).toBe(403);
    const employee = await issueKey(gateway, { user: 'erin', team: 'platform' });
    expect((await postChat(gateway.url, bearer(employee))).status).toBe(200);
  });

  it('ignores x-airlock-user / x-airlock-team when credentials are required', async () => {
    const key = await issueKey(gateway, { user: 'frank', team: 'platform' });
    const response = await postChat(gateway.url, { ...bearer(key), 'x-airlock-team': 'contractors', 'x-airlock-user': 'mallory' });
    expect(response.status).toBe(200);
    // The request is counted, under its key's user and team, not the headers'.
    expect((await readUsage(gateway, { by: 'user', team: 'platform', user: 'frank' })).total.requests).toBe(1);
    expect((await gateway.access.store.usage.summarize({ by: 'user', user: 'mallory' })).total.requests).toBe(0);
  });
});

describe('authentication on the Anthropic surface', () => {
  it('takes the key as x-api-key (apiKey) or as a bearer token (authToken) from the official client', async () => {
    const key = await issueKey(gateway, { user: 'ivy' });
    for (const client of [
      new Anthropic({ baseURL: gateway.url, apiKey: key, maxRetries: 0 }),
      new Anthropic({ baseURL: gateway.url, authToken: key, apiKey: null, maxRetries: 0 }),
    ]) {
      const message = await client.messages.create({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] });
      expect(message.content[0]).toMatchObject({ type: 'text', text: 'Hello there' });
    }
  });

  it('refuses without a key in Anthropic’s error format, so the SDK raises AuthenticationError', async () => {
    const client = new Anthropic({ baseURL: gateway.url, apiKey: `alk_${'q'.repeat(40)}`, maxRetries: 0 });
    const error = await client.messages
      .create({ model: 'gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    const raw = await fetch(`${gateway.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(await raw.json()).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', details: { error_code: 'UNAUTHENTICATED' } },
    });
  });
});

describe('authentication on the Ollama listener', () => {
  it('takes the key as a bearer token from the official ollama client, and refuses without it in Ollama format', async () => {
    const key = await issueKey(gateway, { user: 'grace' });
    const ollama = new Ollama({ host: gateway.ollamaUrl!, headers: { authorization: `Bearer ${key}` } });
    const reply = await ollama.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.message.content).toBe('Hello there');
    const refused = await fetch(`${gateway.ollamaUrl}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4o', messages: [] }),
    });
    expect(refused.status).toBe(401);
    const body = (await refused.json()) as Record<string, unknown>;
    expect(typeof body['error']).toBe('string');
  });
});

describe('model listings', () => {
  it('need the same credentials as model requests, on both listeners', async () => {
    expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(401);
    expect((await fetch(`${gateway.url}/v1/models/gpt-4o`)).status).toBe(401);
    expect((await fetch(`${gateway.ollamaUrl}/api/tags`)).status).toBe(401);
    const key = await issueKey(gateway, { user: 'ivan' });
    const listed = await fetch(`${gateway.url}/v1/models`, { headers: bearer(key) });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: { id: string }[] }).data.map((model) => model.id)).toContain('gpt-4o');
    expect((await fetch(`${gateway.ollamaUrl}/api/tags`, { headers: bearer(key) })).status).toBe(200);
  });
});

describe('secrets in logs', () => {
  it('never logs a presented key, valid or not, or the upstream key', async () => {
    const key = await issueKey(gateway, { user: 'heidi' });
    await postChat(gateway.url, bearer(key));
    await postChat(gateway.url, bearer(`alk_${'y'.repeat(40)}`));
    await postChat(gateway.url, { 'x-api-key': 'alk_broken key' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logText).toContain('request refused');
    expect(logText).not.toMatch(/alk_[0-9A-Za-z]{8}/);
    expect(logText).not.toContain(UPSTREAM_KEY);
  });
});
