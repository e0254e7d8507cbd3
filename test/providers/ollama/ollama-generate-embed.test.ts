import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OllamaProvider } from '../../../src/providers/ollama/create-ollama-provider.js';
import { captureError, collectStream, createCallOptions } from '../../helpers/loopback-calls.js';
import { sendJson, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createProviderFor, knownModel, startOllamaServer } from './loopback-ollama.js';

let server: LoopbackServer;
let provider: OllamaProvider;

beforeEach(async () => {
  server = await startOllamaServer();
  provider = createProviderFor(server.url);
});

afterEach(async () => {
  await provider.close();
  await server.close();
});

describe('ollama generate, embed and tags', () => {
  it('sends fill-in-the-middle to /api/generate with prompt and suffix', async () => {
    const request = { model: knownModel, prompt: 'def add(a, b):', suffix: '\n\nprint(add(1, 2))', temperature: 0, maxTokens: 32 };
    const response = await provider.complete!(request, createCallOptions());
    expect(response).toEqual({
      model: knownModel,
      text: '\n  return a + b\n',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 17, outputTokens: 3 },
    });
    expect(server.lastRequest().path).toBe('/api/generate');
    expect(server.lastRequest().body).toEqual({
      model: knownModel,
      prompt: 'def add(a, b):',
      suffix: '\n\nprint(add(1, 2))',
      stream: false,
      options: { temperature: 0, num_predict: 32 },
    });
  });

  it('sends a plain completion raw so the prompt is continued as written', async () => {
    await provider.complete!({ model: knownModel, prompt: 'Once upon a time' }, createCallOptions());
    expect(server.lastRequest().body).toEqual({ model: knownModel, prompt: 'Once upon a time', raw: true, stream: false });
  });

  it('streams /api/generate into deltas and a finish', async () => {
    const { events, error } = await collectStream(
      provider.completeStream!({ model: knownModel, prompt: 'def add(a, b):', suffix: '' }, createCallOptions()),
    );
    expect(error).toBeUndefined();
    expect(events).toEqual([
      { type: 'text-delta', text: '\n  return' },
      { type: 'text-delta', text: ' a + b' },
      { type: 'text-delta', text: '\n' },
      { type: 'finish', finishReason: 'stop', model: knownModel, usage: { inputTokens: 17, outputTokens: 3 } },
    ]);
    expect(server.lastRequest().body).toMatchObject({ stream: true, suffix: '' });
  });

  it('embeds an input array through /api/embed', async () => {
    const response = await provider.embed!(
      { model: knownModel, input: ['Why is the sky blue?', 'Why is the grass green?'] },
      createCallOptions(),
    );
    expect(response).toEqual({
      model: knownModel,
      embeddings: [
        [0.010071029, -0.0017594862, 0.05007221],
        [1.010071029, -0.0017594862, 0.05007221],
      ],
      usage: { inputTokens: 8, outputTokens: 0 },
    });
    expect(server.lastRequest().body).toEqual({ model: knownModel, input: ['Why is the sky blue?', 'Why is the grass green?'] });
  });

  it('treats an embed reply with the wrong number of vectors as malformed', async () => {
    server.handle((_request, response) => sendJson(response, 200, { model: knownModel, embeddings: [[0.1]] }));
    const failure = await captureError(() => provider.embed!({ model: knownModel, input: ['a', 'b'] }, createCallOptions()));
    expect(failure).toMatchObject({ code: 'UPSTREAM_ERROR' });
  });

  it('lists the pulled models from /api/tags', async () => {
    const models = await provider.listModels(createCallOptions());
    expect(models).toEqual([
      { name: 'llama3.2:latest', size: 3_825_819_519, family: 'llama', parameterSize: '3.2B', quantization: 'Q4_K_M' },
    ]);
    expect(server.lastRequest()).toMatchObject({ method: 'GET', path: '/api/tags' });
  });

  it('sends the key from apiKeyEnv as a bearer token and refuses a missing variable at creation', async () => {
    const withKey = createProviderFor(server.url, { apiKeyEnv: 'OLLAMA_PROXY_KEY' }, { OLLAMA_PROXY_KEY: 'sk-proxy-123456' });
    await withKey.listModels(createCallOptions());
    expect(server.lastRequest().headers.authorization).toBe('Bearer sk-proxy-123456');
    await withKey.close();
    expect(() => createProviderFor(server.url, { apiKeyEnv: 'OLLAMA_PROXY_KEY' })).toThrow('OLLAMA_PROXY_KEY');
  });

  it('declares what the native API supports and is ready without a network call', () => {
    expect(provider.capabilities).toEqual({ chat: true, completion: true, fillInTheMiddle: true, embeddings: true, tools: true });
    expect(provider.isReady()).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});
