import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_DESTINATION, startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';

let gateway: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  gateway = await startTestGateway({
    destinations: { local: EMBEDDED_DESTINATION },
    // Claude Code asks for its own model names; an alias points one at the local model.
    models: { stories: { destination: 'local', aliases: ['claude-haiku-4-5'] } },
  });
  client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
});

describe('the Anthropic surface answered by the embedded model', () => {
  it('streams a real local answer that the SDK assembles, with usage and a stop reason', async () => {
    const stream = client.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 12,
      temperature: 0,
      messages: [{ role: 'user', content: 'Once upon a time' }],
    } as Anthropic.MessageStreamParams);
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(1);
    expect(message.content).toEqual([{ type: 'text', text: deltas.join('') }]);
    expect(message.model).toBe('stories');
    expect(['max_tokens', 'end_turn']).toContain(message.stop_reason);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeLessThanOrEqual(12);
  });

  it('answers JSON the same way', async () => {
    const { data, response } = await client.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'Lily saw a big' }] })
      .withResponse();
    expect(data.content[0]?.type).toBe('text');
    expect(data.stop_reason).toBe('max_tokens');
    expect(data.usage.output_tokens).toBe(8);
    expect(response.headers.get('x-airlock-route')).toBe('local/stories');
  });
});
