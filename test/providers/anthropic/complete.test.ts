import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anthropicDestinationSchema } from '../../../src/config/schema.js';
import { createProvider } from '../../../src/providers/registry.js';
import type { Provider } from '../../../src/providers/types.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import { captureError, collectStream, createCallOptions } from '../../helpers/loopback-calls.js';
import { createAnthropicError, createMessage, createMessageStreamEvents, formatAnthropicStream } from '../../helpers/loopback-anthropic.js';
import { sendJson, startEventStream, startLoopbackServer, writeInPieces, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createTestProvider } from './provider-setup.js';

describe('anthropic completions', () => {
  let server: LoopbackServer;
  let provider: Provider;

  beforeEach(async () => {
    server = await startLoopbackServer();
    provider = createTestProvider(server);
  });
  afterEach(async () => {
    await provider.close();
    await server.close();
  });

  it('sends the prompt as one user turn with the generation options', async () => {
    server.handle((_request, response) =>
      sendJson(response, 200, createMessage({ blocks: [{ type: 'text', pieces: ['4'] }], usage: { input: 8, output: 1 } })),
    );
    const response = await provider.complete?.(
      { model: 'claude-3-5-haiku-latest', prompt: '2+2=', maxTokens: 5, temperature: 0, stop: ['\n'] },
      createCallOptions(),
    );
    expect(server.lastRequest().body).toEqual({
      model: 'claude-3-5-haiku-latest',
      messages: [{ role: 'user', content: [{ type: 'text', text: '2+2=' }] }],
      max_tokens: 5,
      temperature: 0,
      stop_sequences: ['\n'],
    });
    expect(response).toMatchObject({ text: '4', finishReason: 'stop', usage: { inputTokens: 8, outputTokens: 1 } });
  });

  it('puts the prompt in front of the text when echo is asked, streamed or not', async () => {
    server.handle((_request, response) => sendJson(response, 200, createMessage({ blocks: [{ type: 'text', pieces: [' world'] }] })));
    expect((await provider.complete?.({ model: 'm', prompt: 'hello', echo: true }, createCallOptions()))?.text).toBe('hello world');

    server.handle(async (_request, response) => {
      startEventStream(response);
      await writeInPieces(
        response,
        formatAnthropicStream(createMessageStreamEvents({ blocks: [{ type: 'text', pieces: [' wor', 'ld'] }] })),
      );
      response.end();
    });
    const { events, error } = await collectStream(
      provider.completeStream!({ model: 'm', prompt: 'hello', echo: true }, createCallOptions()),
    );
    expect(error).toBeUndefined();
    expect(events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('')).toBe('hello world');
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('does not echo before the destination accepted the request, so a refusal stays retryable', async () => {
    server.handle((_request, response) => sendJson(response, 529, createAnthropicError('overloaded_error', 'Overloaded')));
    const { events, error } = await collectStream(
      provider.completeStream!({ model: 'm', prompt: 'hello', echo: true }, createCallOptions()),
    );
    expect(events).toEqual([]);
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', isRetryable: true });
  });

  it('refuses fill-in-the-middle with CAPABILITY_UNSUPPORTED without calling the destination', async () => {
    const error = await captureError(() => provider.complete!({ model: 'm', prompt: 'def f(', suffix: ')' }, createCallOptions()));
    expect(error).toMatchObject({ code: 'CAPABILITY_UNSUPPORTED', param: 'suffix' });
    const streamed = await collectStream(provider.completeStream!({ model: 'm', prompt: 'def f(', suffix: ')' }, createCallOptions()));
    expect(streamed.error).toMatchObject({ code: 'CAPABILITY_UNSUPPORTED' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('registration', () => {
  it('is what the registry builds for kind anthropic', async () => {
    const config = anthropicDestinationSchema.parse({
      kind: 'anthropic',
      tier: 'enterprise',
      retention: 'zero',
      baseUrl: 'https://api.anthropic.com',
      apiKeyEnv: 'K',
    });
    const provider = createProvider('claude', config, {
      configDir: '.',
      env: { K: 'sk-ant-registry-test-key' },
      logger: createSilentLogger(),
    });
    expect(provider).toMatchObject({ id: 'claude', kind: 'anthropic', tier: 'enterprise' });
    await provider.close();
  });
});
