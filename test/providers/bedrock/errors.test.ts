import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/canonical/types.js';
import type { Provider } from '../../../src/providers/types.js';
import { captureError, collectStream, createCallOptions } from '../../helpers/loopback-calls.js';
import { sendText, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { sendBedrockError } from './loopback-bedrock.js';
import { MODEL_ID, createTestProvider, testCredentials } from './provider-setup.js';

let server: LoopbackServer;
let provider: Provider;

beforeAll(async () => {
  server = await startLoopbackServer();
  provider = createTestProvider(server, { retries: { max: 0 } });
});

afterAll(async () => {
  await provider?.close();
  await server?.close();
});

const request: ChatRequest = { model: MODEL_ID, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };

describe('Bedrock errors', () => {
  it.each([
    [400, 'ValidationException', 'The provided model identifier is invalid.', 'UPSTREAM_REJECTED', false],
    [403, 'AccessDeniedException', 'You don’t have access to the model with the specified model ID.', 'UPSTREAM_AUTH_FAILED', false],
    [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.', 'UPSTREAM_AUTH_FAILED', false],
    [
      404,
      'ResourceNotFoundException',
      'Could not resolve the foundation model from the provided model identifier.',
      'UPSTREAM_MODEL_NOT_FOUND',
      false,
    ],
    [429, 'ThrottlingException', 'Too many requests, please wait before trying again.', 'UPSTREAM_RATE_LIMITED', true],
    [429, 'ModelNotReadyException', 'The model is not ready to serve inference requests.', 'UPSTREAM_RATE_LIMITED', true],
    [408, 'ModelTimeoutException', 'Model has timed out in processing the request.', 'UPSTREAM_TIMEOUT', true],
    [500, 'InternalServerException', 'An internal server error occurred.', 'UPSTREAM_ERROR', true],
    [503, 'ServiceUnavailableException', 'The service is unavailable.', 'UPSTREAM_ERROR', true],
  ] as const)('maps %i %s to %s (retryable %s), streaming or not', async (status, type, message, code, retryable) => {
    server.handle((_request, response) => sendBedrockError(response, status, type, message));
    const error = await captureError(() => provider.chat(request, createCallOptions()));
    expect(error).toMatchObject({ code, isRetryable: retryable });
    const streamed = await collectStream(provider.chatStream(request, createCallOptions()));
    expect(streamed).toMatchObject({ events: [], error: { code, isRetryable: retryable } });
  });

  it('reads retry-after on throttling', async () => {
    server.handle((_request, response) => sendBedrockError(response, 429, 'ThrottlingException', 'Slow down.', { 'retry-after': '7' }));
    expect(await captureError(() => provider.chat(request, createCallOptions()))).toMatchObject({ retryAfter: 7, status: 429 });
  });

  it('never repeats credentials an upstream echoes in a message', async () => {
    server.handle((_request, response) =>
      sendBedrockError(
        response,
        400,
        'ValidationException',
        `Key ${testCredentials.accessKeyId} with secret ${testCredentials.secretAccessKey} rejected.`,
      ),
    );
    const error = (await captureError(() => provider.chat(request, createCallOptions()))) as Error;
    expect(error.message).not.toContain(testCredentials.secretAccessKey);
    expect(error.message).not.toContain(testCredentials.accessKeyId);
    expect(error.message).toContain('[redacted]');
  });

  it('survives an error body that is not JSON', async () => {
    server.handle((_request, response) => sendText(response, 502, '<html>Bad gateway</html>'));
    expect(await captureError(() => provider.chat(request, createCallOptions()))).toMatchObject({
      code: 'UPSTREAM_ERROR',
      isRetryable: true,
    });
  });

  it('maps connection refused to a retryable UPSTREAM_UNAVAILABLE', async () => {
    const closed = await startLoopbackServer();
    const url = closed.url;
    await closed.close();
    const unreachable = createTestProvider({ url } as LoopbackServer);
    expect(await captureError(() => unreachable.chat(request, createCallOptions()))).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      isRetryable: true,
    });
    await unreachable.close();
  });
});
