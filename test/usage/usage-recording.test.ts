import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTextTokens } from '../../src/identity/estimate-tokens.js';
import {
  bearer,
  CHAT_BODY,
  CLOUD_ENV,
  COST_PER_REQUEST_MICRO_USD,
  createCloudConfig,
  issueKey,
  postChat,
  REPORTED_USAGE,
  waitFor,
} from '../auth/gateway-fixtures.js';
import { createChatChunks, createChatCompletion, createOpenAIError, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';

let upstream: LoopbackServer;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startLoopbackServer();
  gateway = await startTestGateway(createCloudConfig(upstream.url, { auth: { anonymous: false } }), CLOUD_ENV);
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

interface Row {
  key_id: string;
  user_name: string;
  team: string | null;
  surface: string;
  requested_model: string;
  destination: string | null;
  upstream_model: string | null;
  input_tokens: number;
  output_tokens: number;
  estimated: number;
  cost_micro_usd: number;
  status: number;
  outcome: string;
}

/** A fresh key, so each test reads only its own rows. */
async function createKey(): Promise<{ key: string; keyId: string }> {
  const user = `user-${Math.random().toString(36).slice(2)}`;
  const key = await issueKey(gateway, { user, team: 'platform', limits: { rpm: 1_000, tpm: 1_000_000, concurrency: 10 } });
  const [record] = await gateway.access.store.keys.list({ user });
  return { key, keyId: record!.id };
}

/** The key's usage rows, read from the gateway's SQLite file as an operator would. */
function readRows(keyId: string): Row[] {
  const database = new Database(path.join(gateway.dataDir, 'airlock.db'), { readonly: true });
  try {
    return database.prepare('SELECT * FROM usage_records WHERE key_id = ? ORDER BY time').all(keyId) as Row[];
  } finally {
    database.close();
  }
}

async function waitForRows(keyId: string, count: number): Promise<Row[]> {
  await waitFor(async () => readRows(keyId).length >= count, 2_000);
  return readRows(keyId);
}

describe('usage rows written when a request ends', () => {
  it('records the destination’s reported tokens and the priced cost', async () => {
    upstream.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['Hi'], usage: REPORTED_USAGE })));
    const { key, keyId } = await createKey();
    expect((await postChat(gateway.url, bearer(key))).status).toBe(200);
    const [row] = await waitForRows(keyId, 1);
    expect(row).toMatchObject({
      team: 'platform',
      surface: 'openai',
      requested_model: 'gpt-4o',
      destination: 'cloud',
      upstream_model: 'gpt-4o-2024-08-06',
      input_tokens: 10,
      output_tokens: 5,
      estimated: 0,
      cost_micro_usd: COST_PER_REQUEST_MICRO_USD,
      status: 200,
      outcome: 'ok',
    });
  });

  it('estimates tokens, marked estimated, when the destination reports none', async () => {
    const answer = 'The quick brown fox jumps over the lazy dog.';
    upstream.handle((_request, response) => {
      const completion = createChatCompletion({ textPieces: [answer] });
      delete completion['usage'];
      sendJson(response, 200, completion);
    });
    const { key, keyId } = await createKey();
    expect((await postChat(gateway.url, bearer(key))).status).toBe(200);
    const [row] = await waitForRows(keyId, 1);
    expect(row?.estimated).toBe(1);
    expect(row?.output_tokens).toBe(countTextTokens(answer));
    expect(row?.input_tokens).toBe(countTextTokens('Say hello') + 3);
  });

  it('records a stream’s reported usage, and estimates an interrupted stream from what was sent', async () => {
    upstream.handle((_request, response) => {
      startEventStream(response);
      response.end(
        formatOpenAIStream(createChatChunks({ textPieces: ['Once', ' upon'], usage: { promptTokens: 7, completionTokens: 2 } })),
      );
    });
    const { key, keyId } = await createKey();
    expect((await postChat(gateway.url, bearer(key), { ...CHAT_BODY, stream: true })).status).toBe(200);
    expect((await waitForRows(keyId, 1))[0]).toMatchObject({ input_tokens: 7, output_tokens: 2, estimated: 0, outcome: 'ok' });

    let release: () => void = () => undefined;
    upstream.handle(async (_request, response) => {
      startEventStream(response);
      const chunks = createChatChunks({ textPieces: ['Partial answer', ' never finished'] });
      response.write(formatOpenAIStream(chunks.slice(0, 2), false));
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      response.destroy();
    });
    const abort = new AbortController();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      body: JSON.stringify({ ...CHAT_BODY, stream: true }),
      signal: abort.signal,
    });
    const reader = response.body!.getReader();
    let received = '';
    while (!received.includes('Partial answer')) received += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    release();
    const rows = await waitForRows(keyId, 2);
    expect(rows[1]).toMatchObject({ estimated: 1, output_tokens: countTextTokens('Partial answer'), outcome: 'CLIENT_DISCONNECTED' });
    expect(rows[1]!.input_tokens).toBeGreaterThan(0);
    expect(rows[1]!.cost_micro_usd).toBeGreaterThan(0);
  });

  it('counts a request the destination failed, with zero tokens and its error as outcome', async () => {
    upstream.handle((_request, response) => sendJson(response, 500, createOpenAIError('boom', 'server_error')));
    const { key, keyId } = await createKey();
    expect((await postChat(gateway.url, bearer(key))).status).toBe(502);
    const [row] = await waitForRows(keyId, 1);
    expect(row).toMatchObject({
      destination: null,
      input_tokens: 0,
      output_tokens: 0,
      cost_micro_usd: 0,
      status: 502,
      outcome: 'UPSTREAM_ERROR',
    });
  });

  it('writes nothing for requests refused before any destination (limits, policy, bad input)', async () => {
    upstream.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['Hi'] })));
    const user = 'refused-user';
    const key = await issueKey(gateway, { user, limits: { rpm: 1 } });
    const [record] = await gateway.access.store.keys.list({ user });
    expect((await postChat(gateway.url, bearer(key))).status).toBe(200);
    expect((await postChat(gateway.url, bearer(key))).status).toBe(429);
    expect((await postChat(gateway.url, bearer(key), { ...CHAT_BODY, model: 'no-such-model' })).status).toBe(404);
    await waitForRows(record!.id, 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await gateway.access.usage.flush();
    expect(readRows(record!.id)).toHaveLength(1);
  });
});
