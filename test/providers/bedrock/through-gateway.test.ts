import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';
import {
  createConverseResponse,
  createConverseStreamFrames,
  startBedrockStream,
  verifySignature,
  writeBytesInPieces,
} from './loopback-bedrock.js';
import { MODEL_ID, testCredentials, testEnv } from './provider-setup.js';

const AWS_KEY = 'AKIAQ3EGRJ7XPL2MVN5T';

let bedrock: LoopbackServer;
let gateway: TestGateway;

beforeAll(async () => {
  bedrock = await startLoopbackServer();
  gateway = await startTestGateway(
    {
      destinations: { bedrock: { kind: 'bedrock', region: testCredentials.region, endpoint: bedrock.url, retries: { max: 0 } } },
      models: { 'claude-sonnet-4-5': { destination: 'bedrock', upstream: MODEL_ID } },
    },
    testEnv,
  );
});

afterAll(async () => {
  await gateway?.close();
  await bedrock?.close();
});

function placeholderIn(rawBody: string): string {
  return rawBody.match(/<AWS_ACCESS_KEY_ID_\d+>/)?.[0] ?? 'missing';
}

describe('a Bedrock destination behind the gateway', () => {
  it('gets secrets only as placeholders; the Anthropic SDK gets them back in a stream, text and tool input', async () => {
    bedrock.handle(async (request, response) => {
      const placeholder = placeholderIn(request.rawBody);
      startBedrockStream(response);
      const frames = createConverseStreamFrames({
        blocks: [
          { type: 'text', pieces: ['Rotate ', placeholder.slice(0, 8), placeholder.slice(8), '.'] },
          { type: 'toolUse', id: 'tooluse_r', name: 'rotate_key', inputPieces: ['{"key":"', placeholder, '"}'] },
        ],
      });
      await writeBytesInPieces(response, Buffer.concat(frames), 9);
      response.end();
    });
    const client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
    const message = await client.messages
      .stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        tools: [{ name: 'rotate_key', input_schema: { type: 'object', properties: { key: { type: 'string' } } } }],
        messages: [{ role: 'user', content: `Our key ${AWS_KEY} leaked.` }],
      })
      .finalMessage();
    const received = bedrock.lastRequest();
    expect(received.rawBody).not.toContain(AWS_KEY);
    expect(received.rawBody).toContain('<AWS_ACCESS_KEY_ID_1>');
    expect(await verifySignature(received, testCredentials)).toBe(true);
    expect(message.content).toEqual([
      { type: 'text', text: `Rotate ${AWS_KEY}.` },
      { type: 'tool_use', id: 'tooluse_r', name: 'rotate_key', input: { key: AWS_KEY } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('answers the OpenAI SDK in JSON with the original value restored', async () => {
    bedrock.handle((request, response) =>
      sendJson(response, 200, createConverseResponse({ blocks: [{ type: 'text', pieces: [`Found ${placeholderIn(request.rawBody)}`] }] })),
    );
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: `key ${AWS_KEY}` }],
    });
    expect(completion.choices[0]?.message.content).toBe(`Found ${AWS_KEY}`);
    expect(bedrock.lastRequest().rawBody).not.toContain(AWS_KEY);
  });
});
