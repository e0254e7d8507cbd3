import { Ollama } from 'ollama';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatChunks, createChatCompletion, createTextCompletion, formatOpenAIStream } from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, writeInPieces, type LoopbackServer } from '../../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';
import { findPlaceholders, parseLines, postJson } from './ollama-test-helpers.js';

// Synthetic values shaped like real ones (never real credentials).
const AWS_KEY = 'AKIAQ3EGRJ7XPL2MVN5T';
const PROMPT = `Why does this fail? aws_access_key_id = ${AWS_KEY}`;

let cloud: LoopbackServer;
let gateway: TestGateway;
let client: Ollama;

beforeAll(async () => {
  cloud = await startLoopbackServer();
  gateway = await startTestGateway({
    server: { ollama: { port: 0 } },
    destinations: {
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1`, retries: { max: 0 } },
    },
    models: { 'gpt-4o': { destination: 'cloud' } },
  });
  client = new Ollama({ host: gateway.ollamaUrl });
});

afterEach(() => {
  expect(cloud.handlerErrors).toEqual([]);
  cloud.requests.length = 0;
});

afterAll(async () => {
  await gateway?.close();
  await cloud?.close();
});

const TOOLS = [
  { type: 'function', function: { name: 'rotate_key', parameters: { type: 'object', properties: { key: { type: 'string' } } } } },
];

describe('the built-in policy through the Ollama surface', () => {
  it('sends the secret only as a placeholder and restores it in a JSON answer, text and tool arguments', async () => {
    cloud.handle((request, response) => {
      const [placeholder = '?'] = findPlaceholders(request.rawBody);
      const toolCalls = [{ id: 'call_1', name: 'rotate_key', argumentPieces: [`{"key":"${placeholder}"}`] }];
      sendJson(response, 200, createChatCompletion({ textPieces: [`Rotate ${placeholder} now.`], toolCalls }));
    });
    const raw = await postJson(`${gateway.ollamaUrl}/api/chat`, {
      model: 'gpt-4o',
      stream: false,
      tools: TOOLS,
      messages: [{ role: 'user', content: PROMPT }],
    });
    const received = cloud.lastRequest().rawBody;
    expect(received).not.toContain(AWS_KEY);
    expect(received).toContain('<AWS_ACCESS_KEY_ID_1>');
    const reply = JSON.parse(raw.text) as { message: { content: string; tool_calls: { function: { arguments: unknown } }[] } };
    expect(reply.message.content).toBe(`Rotate ${AWS_KEY} now.`);
    expect(reply.message.tool_calls[0]?.function.arguments).toEqual({ key: AWS_KEY });
    expect(raw.headers.get('x-airlock-action')).toBe('redact');
    expect(raw.headers.get('x-airlock-classification')).toBe('restricted');
    expect(raw.headers.get('x-airlock-redactions')).toBe('1');
  });

  it('restores placeholders cut across NDJSON stream chunks and inside streamed tool-call arguments', async () => {
    cloud.handle(async (request, response) => {
      const [placeholder = '?'] = findPlaceholders(request.rawBody);
      startEventStream(response);
      const chunks = createChatChunks({
        textPieces: ['Key ', placeholder.slice(0, 6), placeholder.slice(6), ' found.'],
        toolCalls: [
          { id: 'call_1', name: 'rotate_key', argumentPieces: ['{"key":"', placeholder.slice(0, 9), placeholder.slice(9), '"}'] },
        ],
      });
      await writeInPieces(response, formatOpenAIStream(chunks), { maxPiece: 5 });
      response.end();
    });
    const stream = await client.chat({ model: 'gpt-4o', stream: true, tools: TOOLS, messages: [{ role: 'user', content: PROMPT }] });
    let text = '';
    const toolCalls = [];
    for await (const part of stream) {
      text += part.message.content;
      toolCalls.push(...(part.message.tool_calls ?? []));
    }
    expect(text).toBe(`Key ${AWS_KEY} found.`);
    expect(toolCalls.map((call) => call.function)).toEqual([{ index: 0, name: 'rotate_key', arguments: { key: AWS_KEY } }]);
    expect(cloud.lastRequest().rawBody).not.toContain(AWS_KEY);
  });

  it('redacts a secret in an autocomplete suffix and restores it in the streamed completion', async () => {
    cloud.handle(async (request, response) => {
      const [placeholder = '?'] = findPlaceholders(request.rawBody);
      startEventStream(response);
      const chunk = (text: string, finish: string | null) => ({
        ...createTextCompletion(text),
        choices: [{ text, index: 0, logprobs: null, finish_reason: finish }],
      });
      await writeInPieces(
        response,
        formatOpenAIStream([chunk(`"${placeholder.slice(0, 4)}`, null), chunk(`${placeholder.slice(4)}"`, 'stop')]),
      );
      response.end();
    });
    const reply = await postJson(`${gateway.ollamaUrl}/api/generate`, {
      model: 'gpt-4o',
      prompt: 'key = ',
      suffix: `\nother = "${AWS_KEY}"`,
    });
    const body = cloud.lastRequest().body as { suffix: string };
    expect(body.suffix).toBe('\nother = "<AWS_ACCESS_KEY_ID_1>"');
    const lines = parseLines(reply.text);
    expect(lines.map((line) => line['response']).join('')).toBe(`"${AWS_KEY}"`);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('keeps the placeholder of a value stable across turns the client sends back', async () => {
    cloud.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })));
    await client.chat({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: `key ${AWS_KEY}` },
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'rotate_key', arguments: { key: AWS_KEY } } }] },
        { role: 'tool', content: `rotated ${AWS_KEY}`, tool_name: 'rotate_key' },
      ],
      tools: TOOLS,
    });
    const messages = (cloud.lastRequest().body as { messages: Record<string, unknown>[] }).messages;
    expect(messages[0]?.['content']).toBe('key <AWS_ACCESS_KEY_ID_1>');
    expect((messages[1]?.['tool_calls'] as { function: { arguments: string } }[])[0]?.function.arguments).toBe(
      '{"key":"<AWS_ACCESS_KEY_ID_1>"}',
    );
    expect(messages[2]?.['content']).toBe('rotated <AWS_ACCESS_KEY_ID_1>');
  });
});
