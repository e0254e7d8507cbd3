import { statSync } from 'node:fs';
import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_MODEL_PATH } from '../../../src/config/defaults.js';
import { OLLAMA_API_VERSION } from '../../../src/surfaces/ollama/register-ollama-routes.js';
import { EMBEDDED_DESTINATION, startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';
import { postJson } from './ollama-test-helpers.js';

let gateway: TestGateway;
let client: Ollama;

beforeAll(async () => {
  // The embedded defaults' shape, plus a cloud model the policy does not approve (it must stay hidden).
  gateway = await startTestGateway({
    server: { ollama: { port: 0 } },
    destinations: {
      local: EMBEDDED_DESTINATION,
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: 'http://127.0.0.1:9/v1' },
    },
    models: {
      local: { destination: 'local', upstream: 'stories260K', aliases: ['stories260K'] },
      'gpt-4o': { destination: 'cloud', contextWindow: 128_000 },
      'o1-preview': { destination: 'cloud' },
    },
    policy: { approvedModels: { cloud: ['gpt-4o'] } },
  });
  client = new Ollama({ host: gateway.ollamaUrl });
});

afterAll(async () => {
  await gateway?.close();
});

describe('the embedded model through the Ollama surface', () => {
  it('completes for autocomplete with a suffix, as the OpenAI surface does', async () => {
    const reply = await client.generate({
      model: 'local',
      prompt: 'Once upon a time',
      suffix: '\n',
      options: { num_predict: 12, temperature: 0 },
    });
    expect(reply.response).toBe(', there was a little girl named Lily. She');
    expect(reply).toMatchObject({ done: true, done_reason: 'length', eval_count: 12, model: 'local' });
  });

  it('streams chat and reports real token counts and durations', async () => {
    const request = {
      model: 'stories260K',
      messages: [{ role: 'user', content: 'Once upon a time' }],
      options: { num_predict: 16, temperature: 0 },
    };
    const json = await client.chat(request);
    const stream = await client.chat({ ...request, stream: true });
    let text = '';
    let last;
    for await (const part of stream) {
      text += part.message.content;
      last = part;
    }
    expect(text).toBe(json.message.content);
    expect(text.length).toBeGreaterThan(10);
    expect(last).toMatchObject({ done: true, done_reason: 'length', eval_count: 16 });
    expect(last?.prompt_eval_count).toBeGreaterThan(0);
    expect(last?.eval_duration).toBeGreaterThan(0);
    expect(last?.prompt_eval_duration).toBeGreaterThan(0);
  });

  it('embeds with /api/embed and the legacy /api/embeddings', async () => {
    const embedded = await client.embed({ model: 'local', input: ['hello world', 'goodbye'], truncate: true, keep_alive: '5m' });
    expect(embedded.model).toBe('local');
    expect(embedded.embeddings).toHaveLength(2);
    expect(embedded.embeddings[0]).toHaveLength(64);
    expect(embedded.prompt_eval_count).toBeGreaterThan(0);
    const legacy = await client.embeddings({ model: 'local', prompt: 'hello world' });
    expect(legacy.embedding).toEqual(embedded.embeddings[0]);
    expect((await client.embeddings({ model: 'local', prompt: '' })).embedding).toEqual([]);
  });
});

describe('model listings', () => {
  it("lists the approved models in Ollama's shape, with the GGUF size of the embedded one", async () => {
    const { models } = await client.list();
    expect(models.map((model) => model.name)).toEqual(['local', 'gpt-4o']);
    const [local, cloud] = models;
    expect(local).toMatchObject({
      name: 'local',
      model: 'local',
      size: statSync(SHIPPED_MODEL_PATH).size,
      details: {
        format: 'gguf',
        family: 'stories',
        families: ['stories'],
        parameter_size: '260K',
        parent_model: '',
        quantization_level: '',
      },
    });
    expect(local?.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(String(local?.modified_at))).toBe(gateway.gateway.startedAt);
    expect(cloud).toMatchObject({ name: 'gpt-4o', size: 0, details: { format: '', family: 'gpt' } });
  });

  it('shows capabilities and context length, and hides unapproved models', async () => {
    const local = await client.show({ model: 'local:latest' });
    // The shipped toy model has no infill tokens: a suffix is accepted but it cannot claim `insert`.
    expect(local.capabilities).toEqual(['completion']);
    expect(local.model_info).toMatchObject({ 'general.architecture': 'stories', 'stories.context_length': 2048 });
    const cloud = await client.show({ model: 'gpt-4o' });
    expect(cloud.capabilities).toEqual(['completion', 'tools', 'insert']);
    expect(cloud.model_info).toMatchObject({ 'gpt.context_length': 128_000 });
    const hidden = await client.show({ model: 'o1-preview' }).catch((caught: unknown) => caught);
    expect(hidden).toMatchObject({ name: 'ResponseError', status_code: 404 });
  });

  it('reports the loaded embedded model as running, and the API version', async () => {
    const { models } = await client.ps();
    expect(models.map((model) => model.name)).toEqual(['local']);
    expect(models[0]).toMatchObject({ size_vram: 0, size: statSync(SHIPPED_MODEL_PATH).size });
    expect(Date.parse(String(models[0]?.expires_at))).toBeGreaterThan(Date.now());
    expect(await client.version()).toEqual({ version: OLLAMA_API_VERSION });
  });

  it('refuses a request for an unapproved model through the policy', async () => {
    const reply = await postJson(`${gateway.ollamaUrl}/api/chat`, {
      model: 'o1-preview',
      stream: false,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.text)).toMatchObject({ code: 'POLICY_BLOCKED' });
  });
});
