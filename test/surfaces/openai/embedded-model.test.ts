import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_DESTINATION, startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';

let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  // The same shape as the embedded defaults: the shipped model as the local destination.
  gateway = await startTestGateway({
    destinations: { local: EMBEDDED_DESTINATION },
    models: { local: { destination: 'local', upstream: 'stories260K', aliases: ['stories260K'] } },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
});

describe('the embedded model through the OpenAI surface', () => {
  it('lists the model and answers chat deterministically at temperature 0', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['local']);
    const ask = () =>
      client.chat.completions.create({
        model: 'stories260K',
        temperature: 0,
        max_tokens: 24,
        messages: [{ role: 'user', content: 'Tell me a story.' }],
      });
    const first = await ask();
    const second = await ask();
    const text = first.choices[0]?.message.content ?? '';
    expect(text.length).toBeGreaterThan(10);
    expect(second.choices[0]?.message.content).toBe(text);
    expect(first.usage?.completion_tokens).toBe(24);
    expect(first.choices[0]?.finish_reason).toBe('length');
  });

  it('streams the same text it answers in JSON', async () => {
    const request = { model: 'local', temperature: 0, max_tokens: 16, messages: [{ role: 'user' as const, content: 'Once upon a time' }] };
    const json = await client.chat.completions.create(request);
    const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(json.choices[0]?.message.content);
    expect(usage?.completion_tokens).toBe(16);
  });

  it('completes text for autocomplete (legacy completions with a suffix)', async () => {
    const completion = await client.completions.create({
      model: 'local',
      prompt: 'Once upon a time',
      suffix: '\n',
      max_tokens: 12,
      temperature: 0,
    });
    expect(completion.choices[0]?.text).toBe(', there was a little girl named Lily. She');
  });

  it('embeds text', async () => {
    const result = await client.embeddings.create({ model: 'local', input: ['hello world', 'goodbye'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding).toHaveLength(64);
  });

  it('is ready only once the model is loaded', async () => {
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', destinations: { local: true } });
  });
});
