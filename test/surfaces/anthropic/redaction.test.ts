import type Anthropic from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMessage, createMessageStreamEvents, formatAnthropicStream } from '../../helpers/loopback-anthropic.js';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream, writeInPieces, type RecordedRequest } from '../../helpers/loopback-server.js';
import {
  AWS_KEY,
  AWS_PLACEHOLDER,
  parseServerSentEvents,
  startAnthropicSurface,
  type AnthropicSurfaceSetup,
} from './anthropic-gateway-setup.js';

let setup: AnthropicSurfaceSetup;

beforeAll(async () => {
  setup = await startAnthropicSurface();
});

afterEach(() => {
  setup.claude.requests.length = 0;
  setup.cloud.requests.length = 0;
});

afterAll(async () => {
  await setup?.close();
});

const tools: Anthropic.Tool[] = [{ name: 'rotate_key', input_schema: { type: 'object', properties: { key: { type: 'string' } } } }];

/** A conversation where the key appears in the user's words and in a tool result (a file the agent read). */
const conversation: Anthropic.MessageParam[] = [
  { role: 'user', content: `My deploy fails. The key is ${AWS_KEY}.` },
  { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_env', name: 'read_file', input: { path: '.env' } }] },
  {
    role: 'user',
    content: [
      {
        type: 'tool_result',
        tool_use_id: 'toolu_env',
        content: [{ type: 'text', text: `AWS_ACCESS_KEY_ID=${AWS_KEY}\nREGION=eu-west-1` }],
      },
    ],
  },
];

/** What the destination received must hold the placeholder, never the key, in both places. */
function expectOnlyPlaceholders(received: RecordedRequest): string {
  expect(received.rawBody).not.toContain(AWS_KEY);
  const placeholder = received.rawBody.match(/<AWS_ACCESS_KEY_ID_\d+>/)?.[0];
  expect(placeholder).toBe(AWS_PLACEHOLDER);
  expect(received.rawBody.split(AWS_PLACEHOLDER).length - 1).toBe(2);
  return AWS_PLACEHOLDER;
}

describe('secrets leave only as placeholders and come back restored (OpenAI-compatible destination)', () => {
  it('JSON: text and tool_use input', async () => {
    setup.cloud.handle((request, response) => {
      const placeholder = expectOnlyPlaceholders(request);
      sendJson(
        response,
        200,
        createChatCompletion({
          textPieces: [`Rotate ${placeholder} now.`],
          toolCalls: [{ id: 'call_r', name: 'rotate_key', argumentPieces: [`{"key":"${placeholder}"}`] }],
        }),
      );
    });
    const { data, response } = await setup.client.messages
      .create({ model: 'gpt-4o', max_tokens: 100, tools, messages: conversation })
      .withResponse();
    expect(data.content).toEqual([
      { type: 'text', text: `Rotate ${AWS_KEY} now.` },
      { type: 'tool_use', id: 'call_r', name: 'rotate_key', input: { key: AWS_KEY } },
    ]);
    expect(response.headers.get('x-airlock-action')).toBe('redact');
    expect(response.headers.get('x-airlock-redactions')).toBe('2');
    expect(setup.cloud.requests).toHaveLength(1);
  });

  it('streaming: placeholders split across chunks, in text and in tool input', async () => {
    setup.cloud.handle(async (request, response) => {
      const placeholder = expectOnlyPlaceholders(request);
      startEventStream(response);
      const chunks = createChatChunks({
        textPieces: ['Key ', placeholder.slice(0, 6), placeholder.slice(6), ' found.'],
        toolCalls: [{ id: 'call_r', name: 'rotate_key', argumentPieces: ['{"key":"<AWS_', placeholder.slice(5), '"}'] }],
      });
      await writeInPieces(response, formatOpenAIStream(chunks), { maxPiece: 5 });
      response.end();
    });
    const stream = setup.client.messages.stream({ model: 'gpt-4o', max_tokens: 100, tools, messages: conversation });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe(`Key ${AWS_KEY} found.`);
    expect(message.content).toEqual([
      { type: 'text', text: `Key ${AWS_KEY} found.` },
      { type: 'tool_use', id: 'call_r', name: 'rotate_key', input: { key: AWS_KEY } },
    ]);
  });
});

describe('secrets leave only as placeholders and come back restored (Anthropic destination)', () => {
  it('JSON: text and tool_use input', async () => {
    setup.claude.handle((request, response) => {
      const placeholder = expectOnlyPlaceholders(request);
      sendJson(
        response,
        200,
        createMessage({
          blocks: [
            { type: 'text', pieces: [`Rotating ${placeholder}.`] },
            { type: 'tool_use', id: 'toolu_r', name: 'rotate_key', jsonPieces: [`{"key":"${placeholder}"}`] },
          ],
        }),
      );
    });
    const message = await setup.client.messages.create({ model: 'sonnet', max_tokens: 100, tools, messages: conversation });
    expect(message.content).toEqual([
      { type: 'text', text: `Rotating ${AWS_KEY}.` },
      { type: 'tool_use', id: 'toolu_r', name: 'rotate_key', input: { key: AWS_KEY } },
    ]);
    // The tool result went upstream as a tool_result block, with the placeholder in it.
    expect(setup.claude.lastRequest().body).toMatchObject({
      messages: [
        {},
        {},
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_env', content: `AWS_ACCESS_KEY_ID=${AWS_PLACEHOLDER}\nREGION=eu-west-1` }],
        },
      ],
    });
  });

  it('streaming: text_delta and input_json_delta cut inside the placeholder', async () => {
    setup.claude.handle(async (request, response) => {
      const placeholder = expectOnlyPlaceholders(request);
      startEventStream(response);
      const events = createMessageStreamEvents({
        blocks: [
          { type: 'text', pieces: ['Rotating ', placeholder.slice(0, 9), placeholder.slice(9), '.'] },
          {
            type: 'tool_use',
            id: 'toolu_r',
            name: 'rotate_key',
            jsonPieces: ['{"key": "', placeholder.slice(0, 3), `${placeholder.slice(3)}"}`],
          },
        ],
      });
      await writeInPieces(response, formatAnthropicStream(events), { maxPiece: 9 });
      response.end();
    });
    const stream = setup.client.messages.stream({ model: 'sonnet', max_tokens: 100, tools, messages: conversation });
    const message = await stream.finalMessage();
    expect(message.content).toEqual([
      { type: 'text', text: `Rotating ${AWS_KEY}.` },
      { type: 'tool_use', id: 'toolu_r', name: 'rotate_key', input: { key: AWS_KEY } },
    ]);
  });

  it('text that ends in a partial placeholder before a tool call stays in its own block', async () => {
    setup.claude.handle(async (_request, response) => {
      startEventStream(response);
      const events = createMessageStreamEvents({
        blocks: [
          { type: 'text', pieces: ['if a <'] },
          { type: 'tool_use', id: 'toolu_c', name: 'rotate_key', jsonPieces: ['{"key":"<AWS_'] },
          { type: 'tool_use', id: 'toolu_d', name: 'rotate_key', jsonPieces: ['{"key":"x"}'] },
        ],
      });
      response.end(formatAnthropicStream(events));
    });
    const response = await fetch(`${setup.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sonnet', max_tokens: 50, stream: true, tools, messages: conversation }),
    });
    const body = await response.text();
    const blockEvents = parseServerSentEvents(body)
      .map((item) => item.data as { type: string; index: number; delta?: { text?: string; partial_json?: string } })
      .filter((event) => event.type.startsWith('content_block_'));
    // Blocks are sequential: every event of block n comes before block n+1 starts.
    const indexes = blockEvents.map((event) => event.index);
    expect(indexes).toEqual([...indexes].sort((left, right) => left - right));
    const contentOf = (index: number) =>
      blockEvents
        .filter((event) => event.index === index && event.delta)
        .map((event) => event.delta?.text ?? event.delta?.partial_json)
        .join('');
    expect([contentOf(0), contentOf(1), contentOf(2)]).toEqual(['if a <', '{"key":"<AWS_', '{"key":"x"}']);
  });
});
