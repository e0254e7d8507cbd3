import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/canonical/types.js';
import { openaiCompatibleDestinationSchema } from '../../../src/config/schema.js';
import { AirlockError } from '../../../src/errors/airlock-error.js';
import { createOpenAICompatibleProvider } from '../../../src/providers/openai-compatible/create-openai-compatible-provider.js';
import type { Provider } from '../../../src/providers/types.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import { captureError, collectStream, createCallOptions } from '../../helpers/loopback-calls.js';
import { createOpenAIError } from '../../helpers/loopback-openai.js';
import { sendJson, sendText, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createTestProvider, testApiKey } from './provider-setup.js';

const request: ChatRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };

describe('openai-compatible errors', () => {
  let server: LoopbackServer;
  let provider: Provider;
  /** Every error thrown in this file, checked for the API key at the end. */
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

  it.each([
    { status: 400, type: 'invalid_request_error', upstreamCode: 'invalid_value', code: 'UPSTREAM_REJECTED', retryable: false },
    { status: 401, type: 'invalid_request_error', upstreamCode: 'invalid_api_key', code: 'UPSTREAM_AUTH_FAILED', retryable: false },
    {
      status: 403,
      type: 'request_forbidden',
      upstreamCode: 'unsupported_country_region_territory',
      code: 'UPSTREAM_AUTH_FAILED',
      retryable: false,
    },
    { status: 404, type: 'invalid_request_error', upstreamCode: 'model_not_found', code: 'UPSTREAM_MODEL_NOT_FOUND', retryable: false },
    { status: 400, type: 'invalid_request_error', upstreamCode: 'model_not_found', code: 'UPSTREAM_MODEL_NOT_FOUND', retryable: false },
    { status: 500, type: 'server_error', upstreamCode: null, code: 'UPSTREAM_ERROR', retryable: true },
    { status: 503, type: 'server_error', upstreamCode: null, code: 'UPSTREAM_ERROR', retryable: true },
  ] as const)(
    'maps $status $type/$upstreamCode to $code (retryable $retryable)',
    async ({ status, type, upstreamCode, code, retryable }) => {
      // OpenAI's 401 message quotes (part of) the key: it must not travel on.
      const body = createOpenAIError(`Upstream says no (key ${testApiKey}).`, type, upstreamCode);
      server.handle((_request, response) => sendJson(response, status, body));
      const error = await chatError();
      expect(error.code).toBe(code);
      expect(error.isRetryable).toBe(retryable);
    },
  );

  it('keeps the upstream message of a 400 so the client learns what was wrong', async () => {
    server.handle((_request, response) =>
      sendJson(response, 400, createOpenAIError("Invalid value for 'temperature'.", 'invalid_request_error')),
    );
    expect((await chatError()).message).toContain("Invalid value for 'temperature'.");
  });

  it('maps 429 with retry-after (seconds) to a retryable UPSTREAM_RATE_LIMITED', async () => {
    server.handle((_request, response) =>
      sendJson(response, 429, createOpenAIError('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'), {
        'retry-after': '20',
      }),
    );
    const error = await chatError();
    expect(error).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', status: 429, isRetryable: true, retryAfter: 20 });
  });

  it('reads retry-after given as an HTTP date', async () => {
    const inThirtySeconds = new Date(Date.now() + 30_000).toUTCString();
    server.handle((_request, response) =>
      sendJson(response, 429, createOpenAIError('Slow down', 'requests'), { 'retry-after': inThirtySeconds }),
    );
    const error = await chatError();
    expect(error.retryAfter).toBeGreaterThanOrEqual(28);
    expect(error.retryAfter).toBeLessThanOrEqual(31);
  });

  it.each([
    ['an HTML page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['an empty body', ''],
    ['a JSON body of another shape', '{"detail":"nope"}'],
  ])('survives %s as an error body', async (_label, body) => {
    server.handle((_request, response) => sendText(response, 502, body));
    const error = await chatError();
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', isRetryable: true });
    expect(error.message).not.toContain('<html>');
  });

  it('reads a huge error body only up to a bound', async () => {
    server.handle((_request, response) => sendText(response, 500, 'x'.repeat(2_000_000), 'text/plain'));
    expect((await chatError()).code).toBe('UPSTREAM_ERROR');
  });

  it('accepts the error shapes of compatible servers ({error:"text"} and top-level message)', async () => {
    server.handle((_request, response) => sendJson(response, 400, { error: 'context too long' }));
    expect((await chatError()).message).toContain('context too long');
    server.handle((_request, response) =>
      sendJson(response, 404, { object: 'error', message: 'The model `x` does not exist.', type: 'NotFoundError', code: 404 }),
    );
    const error = await chatError();
    expect(error.code).toBe('UPSTREAM_MODEL_NOT_FOUND');
    expect(error.message).toContain('does not exist');
  });

  // undici checks header and body timeouts on a ~500 ms clock, so these take about a second.
  describe('a server that never answers', () => {
    let impatient: Provider;
    beforeEach(() => {
      impatient = createTestProvider(server, { timeouts: { connectMs: 1_000, firstByteMs: 100, totalMs: 5_000 } });
      server.handle(async (recorded) => {
        await recorded.connectionClosed;
      });
    });
    afterEach(() => impatient.close());

    it('makes chat throw UPSTREAM_TIMEOUT (retryable) after the first-byte budget', async () => {
      const error = await captureError(() => impatient.chat(request, createCallOptions()));
      thrown.push(error);
      expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', isRetryable: true });
    });

    it('makes chatStream throw UPSTREAM_TIMEOUT before any event', async () => {
      const { events, error } = await collectStream(impatient.chatStream(request, createCallOptions()));
      thrown.push(error);
      expect(events).toEqual([]);
      expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', isRetryable: true });
    });
  });

  it('throws UPSTREAM_TIMEOUT when a reply body outlasts the total budget', async () => {
    const impatient = createTestProvider(server, { timeouts: { connectMs: 1_000, firstByteMs: 2_000, totalMs: 300 } });
    server.handle(async (recorded, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      // Trickle bytes so only the total budget, not the idle one, can run out.
      const timer = setInterval(() => response.write(' '), 50);
      await recorded.connectionClosed;
      clearInterval(timer);
    });
    const error = await captureError(() => impatient.chat(request, createCallOptions()));
    await impatient.close();
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
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

  it('rethrows the abort reason when the caller aborts while waiting for headers', async () => {
    server.handle(async (recorded) => {
      await recorded.connectionClosed;
    });
    const controller = new AbortController();
    const reason = new Error('client left');
    const pending = captureError(() => provider.chat(request, createCallOptions(controller.signal)));
    setTimeout(() => controller.abort(reason), 20);
    expect(await pending).toBe(reason);
  });

  it('never puts the API key in an error message, while sending it in the header', async () => {
    server.handle((_request, response) =>
      sendJson(response, 400, createOpenAIError(`Bad request for key ${testApiKey}`, 'invalid_request_error')),
    );
    thrown.push(await chatError());
    expect(server.lastRequest().headers.authorization).toBe(`Bearer ${testApiKey}`);
    expect(thrown.length).toBeGreaterThan(10);
    for (const error of thrown) {
      expect(String((error as Error).message)).not.toContain(testApiKey);
      expect(String((error as Error).message)).not.toContain(testApiKey.slice(8, 24));
    }
  });
});

describe('openai-compatible API key configuration', () => {
  it.each([
    ['missing', {}],
    ['empty', { OPENAI_KEY_FOR_TEST: '  ' }],
  ])('refuses to create the provider when the variable is %s, naming the variable', (_label, env) => {
    const config = openaiCompatibleDestinationSchema.parse({
      kind: 'openai-compatible',
      tier: 'enterprise',
      retention: 'zero',
      baseUrl: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_KEY_FOR_TEST',
    });
    expect(() => createOpenAICompatibleProvider('cloud', config, { configDir: '.', env, logger: createSilentLogger() })).toThrow(
      /OPENAI_KEY_FOR_TEST/,
    );
  });
});
