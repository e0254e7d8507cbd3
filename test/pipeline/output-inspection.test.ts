import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';

const REQUEST_KEY = 'AKIAQ3EGRJ7XPL2MVN5T';
const INVENTED_KEY = 'AKIAZ7ULQW3RTY5PB2NC';

let cloud: LoopbackServer;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  cloud = await startLoopbackServer();
  gateway = await startTestGateway({
    destinations: { cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1` } },
    models: { 'gpt-4o': { destination: 'cloud' } },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await cloud?.close();
});

describe('output inspection', () => {
  it('masks a secret the model produced that the request did not carry, and keeps the restored one', async () => {
    cloud.handle((request, response) => {
      const [placeholder] = request.rawBody.match(/<AWS_ACCESS_KEY_ID_\d+>/) ?? [];
      sendJson(
        response,
        200,
        createChatCompletion({ textPieces: [`Replace ${placeholder} with ${INVENTED_KEY}; mail ops@acme-corp.com.`] }),
      );
    });
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: `my key ${REQUEST_KEY} leaked` }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe(`Replace ${REQUEST_KEY} with [REDACTED:aws_access_key_id]; mail ops@acme-corp.com.`);
    // The secret was masked and the new e-mail flagged (PII is flagged, not masked, by default).
    expect(response.headers.get('x-airlock-output-findings')).toBe('2');
  });

  it('leaves an answer that only repeats what the request carried', async () => {
    cloud.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['Write to ops@acme-corp.com.'] })));
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Who owns it? ops@acme-corp.com maybe' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Write to ops@acme-corp.com.');
    expect(response.headers.get('x-airlock-output-findings')).toBeNull();
  });
});

describe('output inspection of streamed answers', () => {
  const stream = async (target: TestGateway, content: string): Promise<string> => {
    const streamClient = new OpenAI({ baseURL: `${target.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    let text = '';
    for await (const chunk of await streamClient.chat.completions.create({
      model: 'gpt-4o',
      stream: true,
      messages: [{ role: 'user', content }],
    })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    return text;
  };

  it('masks a new secret split across deltas when policy.output.streaming is mask, and keeps restored values', async () => {
    const masking = await startTestGateway({
      destinations: { cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1` } },
      models: { 'gpt-4o': { destination: 'cloud' } },
      // A policy given replaces the built-in one: keep its secret-redaction rule.
      policy: {
        output: { streaming: 'mask' },
        rules: [
          {
            name: 'redact-secrets',
            when: { categories: ['secret'], tiers: ['enterprise'] },
            action: 'redact',
            redact: { categories: ['secret'] },
          },
        ],
      },
    });
    try {
      cloud.handle((request, response) => {
        const [placeholder] = request.rawBody.match(/<AWS_ACCESS_KEY_ID_\d+>/) ?? [];
        startEventStream(response);
        const pieces = ['Replace ', placeholder ?? '', ' with AKIAZ7UL', 'QW3RTY5PB2NC', ' today.'];
        response.end(formatOpenAIStream(createChatChunks({ textPieces: pieces })));
      });
      expect(await stream(masking, `my key ${REQUEST_KEY} leaked`)).toBe(`Replace ${REQUEST_KEY} with [REDACTED:aws_access_key_id] today.`);
    } finally {
      await masking.close();
    }
  });

  it('streams without holding back by default (the new secret is flagged, not masked)', async () => {
    cloud.handle((_request, response) => {
      startEventStream(response);
      response.end(formatOpenAIStream(createChatChunks({ textPieces: ['Use ', INVENTED_KEY, ' now.'] })));
    });
    expect(await stream(gateway, 'which key?')).toBe(`Use ${INVENTED_KEY} now.`);
  });
});
