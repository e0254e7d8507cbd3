import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/canonical/types.js';
import { estimateInputTokens } from '../../../src/identity/estimate-tokens.js';
import { AWS_KEY, startAnthropicSurface, type AnthropicSurfaceSetup } from './anthropic-gateway-setup.js';

let setup: AnthropicSurfaceSetup;

beforeAll(async () => {
  setup = await startAnthropicSurface();
});

afterAll(async () => {
  await setup?.close();
});

describe('POST /v1/messages/count_tokens', () => {
  it('counts system, messages and tools locally with the tokenizer helper (an estimate), sending nothing', async () => {
    const { data, response } = await setup.client.messages
      .countTokens({
        model: 'sonnet',
        system: 'Be brief.',
        messages: [
          { role: 'user', content: 'Hello there' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'ls', input: { dir: '.' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'README.md\nsrc' }] },
        ],
        tools: [
          { name: 'ls', description: 'Lists a directory.', input_schema: { type: 'object', properties: { dir: { type: 'string' } } } },
        ],
      })
      .withResponse();
    const canonical: ChatRequest = {
      model: 'sonnet',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Hello there' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'ls', arguments: '{"dir":"."}' }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: 'README.md\nsrc' }] },
      ],
      tools: [{ name: 'ls', description: 'Lists a directory.', parameters: { type: 'object', properties: { dir: { type: 'string' } } } }],
    };
    expect(data.input_tokens).toBe(estimateInputTokens(canonical));
    expect(data.input_tokens).toBeGreaterThan(20);
    expect(response.headers.get('x-airlock-classification')).toBe('public');
    expect(setup.claude.requests).toHaveLength(0);
    expect(setup.cloud.requests).toHaveLength(0);
  });

  it('grows with the prompt', async () => {
    const count = async (text: string) =>
      (await setup.client.messages.countTokens({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] })).input_tokens;
    const short = await count('Explain monads.');
    const long = await count('Explain monads, functors and applicatives with examples in Haskell and TypeScript.');
    expect(long).toBeGreaterThan(short);
  });

  it('is inspected like a message: a secret is classified, and still nothing leaves', async () => {
    const { response } = await setup.client.messages
      .countTokens({ model: 'sonnet', messages: [{ role: 'user', content: `aws_access_key_id = ${AWS_KEY}` }] })
      .withResponse();
    expect(response.headers.get('x-airlock-classification')).toBe('restricted');
    expect(response.headers.get('x-airlock-action')).toBe('redact');
    expect(setup.claude.requests).toHaveLength(0);
  });

  it('refuses an unknown model and a bad body in Anthropic’s format', async () => {
    const missing = await setup.client.messages
      .countTokens({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })
      .catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    expect((missing as InstanceType<typeof Anthropic.NotFoundError>).errorCode).toBe('MODEL_NOT_FOUND');
    const response = await fetch(`${setup.gateway.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sonnet', messages: [] }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', details: { error_code: 'INVALID_REQUEST' } },
    });
  });
});
