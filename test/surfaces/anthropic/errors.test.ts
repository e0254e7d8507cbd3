import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicErrorEvent, createMessageStreamEvents, formatAnthropicStream } from '../../helpers/loopback-anthropic.js';
import { createChatChunks, formatOpenAIStream } from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream } from '../../helpers/loopback-server.js';
import { startAnthropicSurface, type AnthropicSurfaceSetup } from './anthropic-gateway-setup.js';

let setup: AnthropicSurfaceSetup;

beforeAll(async () => {
  setup = await startAnthropicSurface({
    server: { bodyLimit: 64 * 1024 },
    policy: {
      rules: [
        {
          name: 'no-pii-to-the-cloud',
          when: { categories: ['pii'], tiers: ['enterprise'] },
          action: 'block',
          message: 'Personal data may not leave.',
        },
      ],
    },
  });
});

afterAll(async () => {
  await setup?.close();
});

async function post(
  path: string,
  body: string,
): Promise<{ status: number; body: { type: string; error: { type: string; message: string; details: { error_code: string } } } }> {
  const response = await fetch(`${setup.gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as never };
}

async function captureApiError(run: () => Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Anthropic.APIError);
  return error as InstanceType<typeof Anthropic.APIError>;
}

const user = [{ role: 'user' as const, content: 'hi' }];

describe('bad input gets an Anthropic error with Airlock’s stable code', () => {
  it.each([
    ['malformed JSON', '{"model":', 'INVALID_JSON', undefined],
    ['a missing max_tokens', JSON.stringify({ model: 'sonnet', messages: user }), 'INVALID_REQUEST', 'max_tokens'],
    [
      'an unknown block type',
      JSON.stringify({ model: 'sonnet', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] }),
      'INVALID_REQUEST',
      'messages[0].content[0].type',
    ],
    [
      'an unknown block inside a tool result',
      JSON.stringify({
        model: 'sonnet',
        max_tokens: 5,
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'search_result' }] }] }],
      }),
      'INVALID_REQUEST',
      'messages[0].content[0].content[0].type',
    ],
    [
      'a server tool',
      JSON.stringify({ model: 'sonnet', max_tokens: 5, messages: user, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }),
      'INVALID_REQUEST',
      'tools[0].type',
    ],
    [
      'a tool_use block in a user turn',
      JSON.stringify({
        model: 'sonnet',
        max_tokens: 5,
        messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }],
      }),
      'INVALID_REQUEST',
      'messages[0].content[0]',
    ],
  ])('%s', async (_label, body, code, param) => {
    const response = await post('/v1/messages', body);
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('error');
    expect(response.body.error).toMatchObject({ type: 'invalid_request_error', details: { error_code: code } });
    if (param) expect(response.body.error.message.startsWith(`${param}:`)).toBe(true);
    expect(setup.claude.requests).toHaveLength(0);
  });

  it('the official SDK raises BadRequestError and exposes the code', async () => {
    const error = await captureApiError(() => setup.client.messages.create({ model: 'sonnet', max_tokens: 0, messages: user }));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.type).toBe('invalid_request_error');
    expect(error.errorCode).toBe('INVALID_REQUEST');
  });

  it('an unknown model is not_found_error listing the configured ones', async () => {
    const error = await captureApiError(() => setup.client.messages.create({ model: 'claude-opus-9', max_tokens: 5, messages: user }));
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error.type).toBe('not_found_error');
    expect(error.errorCode).toBe('MODEL_NOT_FOUND');
    expect(error.message).toContain('claude-sonnet-4-5, gpt-4o');
  });

  it('a body over the limit is request_too_large (413)', async () => {
    const huge = 'x'.repeat(100 * 1024);
    const error = await captureApiError(() =>
      setup.client.messages.create({ model: 'sonnet', max_tokens: 5, messages: [{ role: 'user', content: huge }] }),
    );
    expect(error.status).toBe(413);
    expect(error.type).toBe('request_too_large');
    expect(error.errorCode).toBe('BODY_TOO_LARGE');
  });

  it('a policy block is permission_error (403) with the policy’s message, and nothing is sent', async () => {
    const error = await captureApiError(() =>
      setup.client.messages.create({
        model: 'sonnet',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'Mail dana.whitfield@acme-corp.com the plan' }],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(error.type).toBe('permission_error');
    expect(error.errorCode).toBe('POLICY_BLOCKED');
    expect(error.message).toContain('Personal data may not leave.');
    expect(error.message).not.toContain('dana.whitfield');
    expect(error.headers?.get('x-airlock-action')).toBe('block');
    expect(setup.claude.requests).toHaveLength(0);
  });

  it('count_tokens is inspected too: the same prompt is blocked there', async () => {
    const error = await captureApiError(() =>
      setup.client.messages.countTokens({
        model: 'sonnet',
        messages: [{ role: 'user', content: 'Mail dana.whitfield@acme-corp.com the plan' }],
      }),
    );
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(error.errorCode).toBe('POLICY_BLOCKED');
  });

  it('unknown sub-routes answer in Anthropic’s shape', async () => {
    const response = await post('/v1/messages/batches', '{}');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ type: 'not_found_error', details: { error_code: 'ROUTE_NOT_FOUND' } });
  });
});

describe('upstream failures', () => {
  it('an upstream rejection before the stream starts is an HTTP error the SDK raises', async () => {
    setup.claude.handle((_request, response) =>
      sendJson(response, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }),
    );
    const error = await captureApiError(() =>
      setup.client.messages.stream({ model: 'sonnet', max_tokens: 5, messages: user }).finalMessage(),
    );
    expect(error.status).toBe(502);
    expect(error.type).toBe('api_error');
    expect(error.errorCode).toBe('UPSTREAM_AUTH_FAILED');
  });

  it('a stream the upstream breaks off ends with an error event, and the SDK raises', async () => {
    setup.cloud.handle((_request, response) => {
      startEventStream(response);
      const chunks = createChatChunks({ textPieces: ['Half an ', 'answer'] }).slice(0, 3);
      response.write(formatOpenAIStream(chunks, false));
      setTimeout(() => response.destroy(), 20);
    });
    const stream = setup.client.messages.stream({ model: 'gpt-4o', max_tokens: 50, messages: user });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const error = await captureApiError(() => stream.finalMessage());
    expect(texts.join('')).toBe('Half an answer');
    expect(error.type).toBe('api_error');
    expect(error.errorCode).toBe('UPSTREAM_STREAM_ERROR');
  });

  it('an overloaded_error event from the upstream mid-stream reaches the SDK as an error', async () => {
    setup.claude.handle((_request, response) => {
      startEventStream(response);
      const events = createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['Start'] }] }).slice(0, 4);
      response.end(formatAnthropicStream([...events, createAnthropicErrorEvent('overloaded_error', 'Overloaded')]));
    });
    const error = await captureApiError(() =>
      setup.client.messages.stream({ model: 'sonnet', max_tokens: 5, messages: user }).finalMessage(),
    );
    expect(error.errorCode).toBe('UPSTREAM_STREAM_ERROR');
    expect(error.message).toContain('overloaded_error');
  });

  it('the gateway keeps serving after all of the above', async () => {
    setup.claude.handle((_request, response) => {
      startEventStream(response);
      response.end(formatAnthropicStream(createMessageStreamEvents({ blocks: [{ type: 'text', pieces: ['fine'] }] })));
    });
    const message = await setup.client.messages.stream({ model: 'sonnet', max_tokens: 5, messages: user }).finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: 'fine' }]);
  });
});
