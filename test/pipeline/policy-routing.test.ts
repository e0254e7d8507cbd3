import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, writeInPieces, type LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';

// Synthetic values shaped like real ones (never real credentials).
const AWS_KEY = 'AKIAQ3EGRJ7XPL2MVN5T';
const EMAIL = 'dana.whitfield@acme-corp.com';

let cloud: LoopbackServer;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  cloud = await startLoopbackServer();
  gateway = await startTestGateway({
    destinations: {
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1`, retries: { max: 0 } },
      // A local destination that is down: nothing listens on port 9 of loopback.
      'local-ollama': { kind: 'ollama', baseUrl: 'http://127.0.0.1:9', retries: { max: 0 }, timeouts: { connectMs: 500 } },
    },
    models: {
      'gpt-4o': { destination: 'cloud' },
      'local-coder': { destination: 'local-ollama', fallbacks: ['gpt-4o'] },
    },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterEach(() => {
  cloud.requests.length = 0;
});

afterAll(async () => {
  await gateway?.close();
  await cloud?.close();
});

/** An upstream that echoes every placeholder it received, so restoration can be checked. */
function echoPlaceholders(rawBody: string): string[] {
  return [...new Set(rawBody.match(/<[A-Z][A-Z0-9_]*_\d+>/g) ?? [])];
}

describe('the built-in policy through the gateway', () => {
  const prompt = `Why does this fail? aws_access_key_id = ${AWS_KEY}\nContact ${EMAIL} if stuck.`;

  it('sends a secret to the cloud only as a placeholder and restores it in the JSON answer', async () => {
    cloud.handle((request, response) => {
      const placeholders = echoPlaceholders(request.rawBody);
      sendJson(response, 200, createChatCompletion({ textPieces: [`Rotate ${placeholders.join(' and ')} now.`] }));
    });
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] })
      .withResponse();
    const received = cloud.lastRequest().rawBody;
    expect(received).not.toContain(AWS_KEY);
    expect(received).toContain('<AWS_ACCESS_KEY_ID_1>');
    // PII is confidential: cleared for a zero-retention enterprise API, so the built-in policy keeps it.
    expect(received).toContain(EMAIL);
    expect(data.choices[0]?.message.content).toBe(`Rotate ${AWS_KEY} now.`);
    expect(response.headers.get('x-airlock-classification')).toBe('restricted');
    expect(response.headers.get('x-airlock-action')).toBe('redact');
    expect(response.headers.get('x-airlock-redactions')).toBe('1');
    expect(response.headers.get('x-airlock-route')).toBe('cloud/gpt-4o');
  });

  it('restores placeholders split across streamed chunks and inside streamed tool-call arguments', async () => {
    cloud.handle(async (request, response) => {
      const [placeholder] = echoPlaceholders(request.rawBody);
      startEventStream(response);
      const chunks = createChatChunks({
        textPieces: ['Key ', placeholder ?? '?', ' found.'],
        toolCalls: [{ id: 'call_1', name: 'rotate_key', argumentPieces: ['{"key":"', placeholder ?? '?', '"}'] }],
      });
      await writeInPieces(response, formatOpenAIStream(chunks), { maxPiece: 5 });
      response.end();
    });
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: prompt }],
      tools: [{ type: 'function', function: { name: 'rotate_key', parameters: { type: 'object' } } }],
    });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe(`Key ${AWS_KEY} found.`);
    expect(JSON.parse(completion.choices[0]?.message.tool_calls?.[0]?.function.arguments ?? '{}')).toEqual({ key: AWS_KEY });
    expect(cloud.lastRequest().rawBody).not.toContain(AWS_KEY);
  });

  it('gives a value the same placeholder across the turns of a conversation', async () => {
    cloud.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })));
    await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: `key ${AWS_KEY}` },
        { role: 'assistant', content: `I see ${AWS_KEY}.` },
        { role: 'user', content: `and again ${AWS_KEY}, plus ghp_R8nK2vQ7xL4mT9pW3sZ6yB1cF5hJ0dG8aE2u` },
      ],
    });
    const body = cloud.lastRequest().body as { messages: { content: string }[] };
    expect(body.messages.map((message) => message.content)).toEqual([
      'key <AWS_ACCESS_KEY_ID_1>',
      'I see <AWS_ACCESS_KEY_ID_1>.',
      expect.stringMatching(/^and again <AWS_ACCESS_KEY_ID_1>, plus <GITHUB_[A-Z_]*_1>$/),
    ]);
  });
});

describe('no downgrade on failure', () => {
  it('fails a restricted request closed when the local model is down, never trying the cloud fallback', async () => {
    const error = await client.chat.completions
      .create({ model: 'local-coder', messages: [{ role: 'user', content: `deploy with ${AWS_KEY}` }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('NO_CLEARED_DESTINATION');
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect(cloud.requests).toHaveLength(0);
  });

  it('lets a public request fall back to the cloud when the local model is down', async () => {
    cloud.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['from the cloud'] })));
    const { data, response } = await client.chat.completions
      .create({ model: 'local-coder', messages: [{ role: 'user', content: 'What is a monad?' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('from the cloud');
    expect(data.model).toBe('gpt-4o');
    expect(response.headers.get('x-airlock-route')).toBe('cloud/gpt-4o');
    expect(cloud.requests).toHaveLength(1);
  });

  it('refuses store: true for a zero-retention destination', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o', store: true, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('RETENTION_VIOLATION');
    expect(cloud.requests).toHaveLength(0);
  });
});
