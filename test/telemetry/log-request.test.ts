import { Writable } from 'node:stream';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/telemetry/logger.js';
import { createChatCompletion } from '../helpers/loopback-openai.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';

const SECRET = 'AKIAQ3EGRJ7XPL2MVN5T';
let upstream: LoopbackServer;
let gateway: TestGateway;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  upstream = await startLoopbackServer((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })));
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  gateway = await startTestGateway(
    {
      destinations: { cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${upstream.url}/v1` } },
      models: { 'gpt-4o': { destination: 'cloud' } },
    },
    {},
    { logger: createLogger('info', sink) },
  );
});

afterAll(async () => {
  await gateway?.close();
  await upstream?.close();
});

describe('the request log', () => {
  it('has one line per request with classification, finding types and the decision, and no value', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: `key ${SECRET} and dana@acme-corp.com` }] })
      .withResponse();
    const id = response.headers.get('x-airlock-request-id');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const line = lines.find((entry) => entry['msg'] === 'request' && entry['requestId'] === id);
    expect(line).toMatchObject({
      surface: 'openai',
      model: 'gpt-4o',
      classification: 'restricted',
      findings: { 'secret/aws_access_key_id': 1, 'pii/email': 1 },
      action: 'redact',
      route: 'cloud/gpt-4o',
      status: 200,
    });
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('dana@acme-corp.com');
  });
});
