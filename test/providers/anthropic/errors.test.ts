import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/canonical/types.js';
import { anthropicDestinationSchema } from '../../../src/config/schema.js';
import { AirlockError } from '../../../src/errors/airlock-error.js';
import { createAnthropicProvider } from '../../../src/providers/anthropic/create-anthropic-provider.js';
import type { Provider } from '../../../src/providers/types.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import { captureError, collectStream, createCallOptions } from '../../helpers/loopback-calls.js';
import { createAnthropicError } from '../../helpers/loopback-anthropic.js';
import { sendJson, sendText, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createTestProvider, testApiKey } from './provider-setup.js';

const request: ChatRequest = { model: 'claude-sonnet-4-20250514', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };

describe('anthropic errors', () => {
  let server: LoopbackServer;
  let provider: Provider;
  const thrown: unknown[] = [];

  beforeEach(async () => {
    server = await startLoopbackServer();
    provider = createTestProvider(server);
  });
  afterEach(async () => {
    await provider.close();
    await server.close();
  });

  async function chatError(): Promise<AirlockError> {
    const error = await captureError(() => provider.chat(request, createCallOptions()));
    thrown.push(error);
    expect(error).toBeInstanceOf(AirlockError);
    return error as AirlockError;
  }

  // The documented status/type pairs of docs.anthropic.com/en/api/errors.
  it.each([
    { status: 400, type: 'invalid_request_error', code: 'UPSTREAM_REJECTED', retryable: false },
    { status: 401, type: 'authentication_error', code: 'UPSTREAM_AUTH_FAILED', retryable: false },
    { status: 403, type: 'permission_error', code: 'UPSTREAM_AUTH_FAILED', retryable: false },
    { status: 404, type: 'not_found_error', code: 'UPSTREAM_MODEL_NOT_FOUND', retryable: false },
    { status: 413, type: 'request_too_large', code: 'UPSTREAM_REJECTED', retryable: false },
    { status: 500, type: 'api_error', code: 'UPSTREAM_ERROR', retryable: true },
    { status: 529, type: 'overloaded_error', code: 'UPSTREAM_ERROR', retryable: true },
  ])('maps $status $type to $code (retryable $retryable)', async ({ status, type, code, retryable }) => {
    server.handle((_request, response) => sendJson(response, status, createAnthropicError(type, `Upstream says no (${testApiKey}).`)));
    const error = await chatError();
    expect(error.code).toBe(code);
    expect(error.isRetryable).toBe(retryable);
  });

  it('keeps the upstream message of a 400 so the client learns what was wrong', async () => {
    server.handle((_request, response) =>
      sendJson(
        response,
        400,
        createAnthropicError('invalid_request_error', 'messages: roles must alternate between "user" and "assistant"'),
      ),
    );
    expect((await chatError()).message).toContain('roles must alternate');
  });

  it('maps not_found_error under another status to UPSTREAM_MODEL_NOT_FOUND', async () => {
    server.handle((_request, response) => sendJson(response, 400, createAnthropicError('not_found_error', 'model: claude-9')));
    expect((await chatError()).code).toBe('UPSTREAM_MODEL_NOT_FOUND');
  });

  it('maps 429 rate_limit_error with retry-after to a retryable UPSTREAM_RATE_LIMITED', async () => {
    server.handle((_request, response) =>
      sendJson(
        response,
        429,
        createAnthropicError('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'),
        {
          'retry-after': '45',
          'anthropic-ratelimit-requests-remaining': '0',
        },
      ),
    );
    expect(await chatError()).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: 429, isRetryable: true, retryAfter: 45 });
  });

  it.each([
    ['an HTML page from a proxy', 502, '<html><body>Bad gateway</body></html>', 'UPSTREAM_ERROR'],
    ['plain text', 503, 'upstream connect error', 'UPSTREAM_ERROR'],
    ['an empty 400', 400, '', 'UPSTREAM_REJECTED'],
  ])('survives %s as an error body', async (_label, status, body, code) => {
    server.handle((_request, response) => sendText(response, status, body));
    const error = await chatError();
    expect(error.code).toBe(code);
    expect(error.message).not.toContain('<html>');
  });

  // undici checks header timeouts on a ~500 ms clock, so these take about a second.
  it('throws UPSTREAM_TIMEOUT when the server never answers within the first-byte budget', async () => {
    const impatient = createTestProvider(server, { timeouts: { connectMs: 1_000, firstByteMs: 100, totalMs: 5_000 } });
    server.handle(async (recorded) => {
      await recorded.connectionClosed;
    });
    const result = await collectStream(impatient.chatStream(request, createCallOptions()));
    await impatient.close();
    thrown.push(result.error);
    expect(result.events).toEqual([]);
    expect(result.error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', isRetryable: true });
  });

  it('throws UPSTREAM_UNAVAILABLE when nothing listens', async () => {
    const address = server.url;
    await server.close();
    const orphan = createTestProvider({ ...server, url: address });
    const error = await captureError(() => orphan.chat(request, createCallOptions()));
    await orphan.close();
    thrown.push(error);
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', isRetryable: true });
    server = await startLoopbackServer();
  });

  it('never puts the API key in an error message, while sending it in the header', async () => {
    server.handle((_request, response) => sendJson(response, 400, createAnthropicError('invalid_request_error', `bad key ${testApiKey}`)));
    thrown.push(await chatError());
    expect(server.lastRequest().headers['x-api-key']).toBe(testApiKey);
    expect(thrown.length).toBeGreaterThan(10);
    for (const error of thrown) expect(String((error as Error).message)).not.toContain(testApiKey);
  });
});

describe('anthropic API key configuration', () => {
  it.each([
    ['missing', {}],
    ['empty', { ANTHROPIC_KEY_FOR_TEST: '' }],
  ])('refuses to create the provider when the variable is %s, naming the variable', (_label, env) => {
    const config = anthropicDestinationSchema.parse({
      kind: 'anthropic',
      tier: 'enterprise',
      retention: 'zero',
      baseUrl: 'https://api.anthropic.com',
      apiKeyEnv: 'ANTHROPIC_KEY_FOR_TEST',
    });
    expect(() => createAnthropicProvider('claude', config, { configDir: '.', env, logger: createSilentLogger() })).toThrow(
      /ANTHROPIC_KEY_FOR_TEST/,
    );
  });
});
