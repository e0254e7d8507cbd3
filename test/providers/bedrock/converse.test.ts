import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/canonical/types.js';
import type { Provider } from '../../../src/providers/types.js';
import { captureError, createCallOptions } from '../../helpers/loopback-calls.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createConverseResponse, verifySignature } from './loopback-bedrock.js';
import { MODEL_ID, createTestProvider, testCredentials } from './provider-setup.js';

let server: LoopbackServer;
let provider: Provider;

beforeAll(async () => {
  server = await startLoopbackServer();
  provider = createTestProvider(server);
});

afterEach(() => {
  server.requests.length = 0;
});

afterAll(async () => {
  await provider?.close();
  await server?.close();
});

const conversation: ChatRequest = {
  model: MODEL_ID,
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'You are terse.' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'List the files.' },
        { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Listing.' },
        { type: 'tool-call', id: 'tooluse_1', name: 'ls', arguments: '{"dir":"."}' },
      ],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'tooluse_1', content: 'a.ts\nb.ts' }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'tooluse_2', content: 'EACCES', isError: true }] },
  ],
  maxTokens: 256,
  temperature: 0.3,
  topP: 0.9,
  stop: ['###'],
  tools: [{ name: 'ls', description: 'Lists a directory.', parameters: { type: 'object', properties: { dir: { type: 'string' } } } }],
  toolChoice: 'required',
};

describe('Bedrock Converse', () => {
  it('POSTs a signed Converse body to /model/{id}/converse', async () => {
    server.handle((_request, response) =>
      sendJson(response, 200, createConverseResponse({ blocks: [{ type: 'text', pieces: ['Done.'] }] })),
    );
    await provider.chat(conversation, createCallOptions());
    const sent = server.lastRequest();
    expect(sent.method).toBe('POST');
    // The model id's colon is percent-encoded in the path, as the AWS SDK sends it.
    expect(sent.path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse');
    expect(sent.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAZ7XK2QWERTYU3L5M\/\d{8}\/eu-central-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(sent.headers['x-amz-security-token']).toBe(testCredentials.sessionToken);
    expect(await verifySignature(sent, testCredentials)).toBe(true);
    // The check is real: one changed byte of the body no longer verifies.
    expect(await verifySignature({ ...sent, rawBody: sent.rawBody.replace('terse', 'tense') }, testCredentials)).toBe(false);
    expect(sent.body).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'List the files.' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] },
        { role: 'assistant', content: [{ text: 'Listing.' }, { toolUse: { toolUseId: 'tooluse_1', name: 'ls', input: { dir: '.' } } }] },
        {
          role: 'user',
          content: [
            { toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'a.ts\nb.ts' }], status: 'success' } },
            { toolResult: { toolUseId: 'tooluse_2', content: [{ text: 'EACCES' }], status: 'error' } },
          ],
        },
      ],
      system: [{ text: 'You are terse.' }],
      inferenceConfig: { maxTokens: 256, temperature: 0.3, topP: 0.9, stopSequences: ['###'] },
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'ls',
              description: 'Lists a directory.',
              inputSchema: { json: { type: 'object', properties: { dir: { type: 'string' } } } },
            },
          },
        ],
        toolChoice: { any: {} },
      },
    });
    // Credentials travel only as the signature and the token header, never in the body.
    expect(sent.rawBody).not.toContain(testCredentials.secretAccessKey);
  });

  it('converts text, tool use and usage from the reply', async () => {
    server.handle((_request, response) =>
      sendJson(
        response,
        200,
        createConverseResponse({
          blocks: [
            { type: 'text', pieces: ['Reading it.'] },
            { type: 'toolUse', id: 'tooluse_X', name: 'read_file', inputPieces: ['{"path":"a.ts"}'] },
          ],
          usage: { input: 120, output: 33 },
        }),
      ),
    );
    const response = await provider.chat(
      { model: MODEL_ID, messages: [{ role: 'user', content: [{ type: 'text', text: 'Read a.ts' }] }] },
      createCallOptions(),
    );
    expect(response).toEqual({
      model: MODEL_ID,
      text: 'Reading it.',
      toolCalls: [{ id: 'tooluse_X', name: 'read_file', arguments: '{"path":"a.ts"}' }],
      finishReason: 'tool-calls',
      usage: { inputTokens: 120, outputTokens: 33 },
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool-calls'],
    ['content_filtered', 'content-filter'],
    ['guardrail_intervened', 'content-filter'],
    ['something_new', 'other'],
  ])('maps stopReason %s to %s', async (stopReason, finishReason) => {
    server.handle((_request, response) =>
      sendJson(response, 200, createConverseResponse({ blocks: [{ type: 'text', pieces: ['x'] }], stopReason })),
    );
    const response = await provider.chat(
      { model: MODEL_ID, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] },
      createCallOptions(),
    );
    expect(response.finishReason).toBe(finishReason);
  });

  it('maps tool choices, and keeps tools declared for "none"', async () => {
    server.handle((_request, response) => sendJson(response, 200, createConverseResponse({ blocks: [{ type: 'text', pieces: ['ok'] }] })));
    const base = {
      model: MODEL_ID,
      messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'x' }] }],
      tools: conversation.tools,
    };
    for (const [toolChoice, expected] of [
      ['auto', { auto: {} }],
      [{ name: 'ls' }, { tool: { name: 'ls' } }],
      ['none', undefined],
    ] as const) {
      await provider.chat({ ...base, toolChoice }, createCallOptions());
      const toolConfig = (server.lastRequest().body as { toolConfig: Record<string, unknown> }).toolConfig;
      expect(toolConfig.tools).toHaveLength(1);
      expect(toolConfig.toolChoice).toEqual(expected);
    }
  });

  it('answers a plain completion as one user turn and refuses a suffix', async () => {
    server.handle((_request, response) =>
      sendJson(response, 200, createConverseResponse({ blocks: [{ type: 'text', pieces: [' world'] }] })),
    );
    const response = await provider.complete?.({ model: MODEL_ID, prompt: 'hello', echo: true, maxTokens: 5 }, createCallOptions());
    expect(response?.text).toBe('hello world');
    expect(server.lastRequest().body).toEqual({
      messages: [{ role: 'user', content: [{ text: 'hello' }] }],
      inferenceConfig: { maxTokens: 5 },
    });
    const error = await captureError(async () => provider.complete?.({ model: MODEL_ID, prompt: 'a', suffix: 'b' }, createCallOptions()));
    expect(error).toMatchObject({ code: 'CAPABILITY_UNSUPPORTED', param: 'suffix' });
  });

  it('refuses image URLs (Converse takes bytes) with a code that lets a fallback answer', async () => {
    const error = await captureError(() =>
      provider.chat(
        { model: MODEL_ID, messages: [{ role: 'user', content: [{ type: 'image', url: 'https://example.com/cat.png' }] }] },
        createCallOptions(),
      ),
    );
    expect(error).toMatchObject({ code: 'CAPABILITY_UNSUPPORTED', param: 'messages[0].content[0]' });
    expect(server.requests).toHaveLength(0);
  });

  it('signs an inference profile ARN path the way AWS canonicalises it', async () => {
    server.handle((_request, response) => sendJson(response, 200, createConverseResponse({ blocks: [{ type: 'text', pieces: ['ok'] }] })));
    const arn = 'arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0';
    await provider.chat({ model: arn, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }, createCallOptions());
    const sent = server.lastRequest();
    expect(sent.path).toBe(`/model/${encodeURIComponent(arn)}/converse`);
    expect(await verifySignature(sent, testCredentials)).toBe(true);
  });
});
