/**
 * Shared pieces of the identity, limits and usage tests: an OpenAI-compatible loopback upstream
 * that reports known usage, a config pointing the gateway at it with a pricing table, and small
 * helpers to issue keys and call the gateway over real HTTP.
 */
import type { ConfigInput } from '../../src/config/schema.js';
import { issueApiKey, type IssueKeyInput } from '../../src/identity/key-lifecycle.js';
import type { RunningGateway } from '../../src/server/start-gateway.js';
import type { UsageQuery, UsageSummary } from '../../src/store/types.js';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

/** What the upstream reports for every answer: 10 input and 5 output tokens. */
export const REPORTED_USAGE = { promptTokens: 10, completionTokens: 5 };
/** $1000 / $2000 per million tokens: exactly 10,000 + 10,000 µ$ = $0.02 per request. */
export const PRICING = { cloud: { 'gpt-4o-2024-08-06': { inputPerMillionUsd: 1000, outputPerMillionUsd: 2000 } } };
export const COST_PER_REQUEST_MICRO_USD = 20_000;
export const UPSTREAM_KEY = 'sk-upstream-secret-for-tests';

/** Answers chat completions (JSON or SSE) with REPORTED_USAGE. */
export async function startAccountingUpstream(): Promise<LoopbackServer> {
  return startLoopbackServer((request, response) => {
    const body = request.body as { stream?: boolean } | undefined;
    if (body?.stream) {
      startEventStream(response);
      response.end(formatOpenAIStream(createChatChunks({ textPieces: ['Hello', ' there'], usage: REPORTED_USAGE })));
      return;
    }
    sendJson(response, 200, createChatCompletion({ textPieces: ['Hello there'], usage: REPORTED_USAGE }));
  });
}

/** A gateway config: one enterprise cloud destination at the upstream, model `gpt-4o`, priced. */
export function createCloudConfig(
  upstreamUrl: string,
  extra: Partial<ConfigInput> = {},
): Omit<ConfigInput, 'server'> & { server?: ConfigInput['server'] } {
  return {
    server: { ollama: false },
    destinations: {
      cloud: {
        kind: 'openai-compatible',
        tier: 'enterprise',
        retention: 'zero',
        baseUrl: `${upstreamUrl}/v1`,
        apiKeyEnv: 'CLOUD_KEY',
        retries: { max: 0 },
      },
    },
    models: { 'gpt-4o': { destination: 'cloud', upstream: 'gpt-4o-2024-08-06' } },
    pricing: PRICING,
    ...extra,
  };
}

export const CLOUD_ENV = { CLOUD_KEY: UPSTREAM_KEY };

export async function issueKey(gateway: RunningGateway, input: IssueKeyInput): Promise<string> {
  return (await issueApiKey(gateway.access.store, input, 'test')).key;
}

export const CHAT_BODY = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Say hello' }] };

/** POSTs a chat completion with the given headers; returns status, headers and the parsed body. */
export async function postChat(
  baseUrl: string,
  headers: Record<string, string>,
  body: unknown = CHAT_BODY,
  path = '/v1/chat/completions',
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** Polls until `check` returns true or the time is up; returns the milliseconds it took. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The usage summary once it counts at least `requests` requests: rows are written by the usage
 * stage after the response has gone, in batches, so a test waits for them (flushing the batch).
 */
export async function readUsage(gateway: RunningGateway, query: UsageQuery, requests = 1): Promise<UsageSummary> {
  let summary: UsageSummary | undefined;
  await waitFor(async () => {
    await gateway.access.usage.flush();
    summary = await gateway.access.store.usage.summarize(query);
    return summary.total.requests >= requests;
  }, 2_000);
  return summary as UsageSummary;
}
