import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/canonical/types.js';
import { openaiCompatibleDestinationSchema } from '../../../src/config/schema.js';
import { convertChatRequest } from '../../../src/providers/openai-compatible/convert-request.js';
import { resolveEndpoint } from '../../../src/providers/openai-compatible/resolve-endpoint.js';
import { createProvider } from '../../../src/providers/registry.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import type { Provider } from '../../../src/providers/types.js';
import { createCallOptions } from '../../helpers/loopback-calls.js';
import { createChatCompletion, createEmbeddingList, createTextCompletion } from '../../helpers/loopback-openai.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createTestProvider, testApiKey } from './provider-setup.js';

const request: ChatRequest = {
  model: 'gpt-4o',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  maxTokens: 64,
  topK: 20,
};

describe('Azure OpenAI', () => {
  let server: LoopbackServer;
  let provider: Provider;

  beforeEach(async () => {
    server = await startLoopbackServer((recorded, response) => {
      if (recorded.path.includes('/embeddings')) return sendJson(response, 200, createEmbeddingList([[1, 2]]));
      if (recorded.path.includes('/chat/completions')) return sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] }));
      return sendJson(response, 200, createTextCompletion('ok'));
    });
    provider = createTestProvider(server, { baseUrl: server.url, azure: { apiVersion: '2024-10-21', deployment: 'prod gpt-4o' } });
  });
  afterEach(async () => {
    await provider.close();
    await server.close();
  });

  it('routes chat to the deployment with api-version and authenticates with api-key', async () => {
    await provider.chat(request, createCallOptions());
    const recorded = server.lastRequest();
    expect(recorded.path).toBe('/openai/deployments/prod%20gpt-4o/chat/completions?api-version=2024-10-21');
    expect(recorded.headers['api-key']).toBe(testApiKey);
    expect(recorded.headers.authorization).toBeUndefined();
    // Azure takes the current parameter name and rejects top_k.
    expect(recorded.body).toMatchObject({ max_completion_tokens: 64, store: false });
    expect(recorded.body).not.toHaveProperty('max_tokens');
    expect(recorded.body).not.toHaveProperty('top_k');
  });

  it('routes completions and embeddings to the same deployment', async () => {
    await provider.complete?.({ model: 'gpt-4o', prompt: 'a' }, createCallOptions());
    expect(server.lastRequest().path).toBe('/openai/deployments/prod%20gpt-4o/completions?api-version=2024-10-21');
    await provider.embed?.({ model: 'gpt-4o', input: ['a'] }, createCallOptions());
    expect(server.lastRequest().path).toBe('/openai/deployments/prod%20gpt-4o/embeddings?api-version=2024-10-21');
  });

  it('names the deployment after the upstream model when none is configured', async () => {
    const byModel = createTestProvider(server, { baseUrl: server.url, azure: { apiVersion: '2025-01-01-preview' } });
    await byModel.chat({ ...request, model: 'gpt-4o-mini' }, createCallOptions());
    await byModel.close();
    expect(server.lastRequest().path).toBe('/openai/deployments/gpt-4o-mini/chat/completions?api-version=2025-01-01-preview');
  });

  it('sends configured extra headers but never lets them replace the credential', async () => {
    const withHeaders = createTestProvider(server, {
      baseUrl: server.url,
      azure: { apiVersion: '2024-10-21' },
      headers: { 'x-team': 'platform', 'api-key': 'not-the-key' },
    });
    await withHeaders.chat(request, createCallOptions());
    await withHeaders.close();
    expect(server.lastRequest().headers).toMatchObject({ 'x-team': 'platform', 'api-key': testApiKey });
  });
});

describe('parameter names by flavour', () => {
  function convertFor(baseUrl: string) {
    const config = openaiCompatibleDestinationSchema.parse({ kind: 'openai-compatible', tier: 'local', retention: 'zero', baseUrl });
    const endpoint = resolveEndpoint(config, undefined);
    return { flavour: endpoint.flavour, body: convertChatRequest(request, { endpoint, tier: config.tier, stream: false }) };
  }

  it('uses max_completion_tokens and drops top_k for OpenAI itself', () => {
    const { flavour, body } = convertFor('https://api.openai.com/v1');
    expect(flavour).toBe('openai');
    expect(body).toMatchObject({ max_completion_tokens: 64 });
    expect(body.max_tokens).toBeUndefined();
    expect(body.top_k).toBeUndefined();
  });

  it('uses max_tokens and keeps top_k for other compatible servers', () => {
    const { flavour, body } = convertFor('http://gpu-box.lan:8000/v1');
    expect(flavour).toBe('generic');
    expect(body).toMatchObject({ max_tokens: 64, top_k: 20 });
    expect(body.max_completion_tokens).toBeUndefined();
  });

  it('sends no credential header when no apiKeyEnv is configured (local servers)', async () => {
    const server = await startLoopbackServer((_recorded, response) =>
      sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })),
    );
    const keyless = createTestProvider(server, { apiKeyEnv: undefined, tier: 'local' });
    await keyless.chat(request, createCallOptions());
    await keyless.close();
    await server.close();
    expect(server.lastRequest().headers.authorization).toBeUndefined();
    expect(server.lastRequest().body).not.toHaveProperty('store');
  });
});

describe('registration', () => {
  it('is what the registry builds for kind openai-compatible', async () => {
    const config = openaiCompatibleDestinationSchema.parse({
      kind: 'openai-compatible',
      tier: 'local',
      retention: 'zero',
      baseUrl: 'http://127.0.0.1:1/v1',
    });
    const provider = createProvider('lan-vllm', config, { configDir: '.', env: {}, logger: createSilentLogger() });
    expect(provider).toMatchObject({ id: 'lan-vllm', kind: 'openai-compatible', tier: 'local' });
    await provider.close();
  });
});
