/**
 * The central promise, as a property: across random prompts with credentials of many types
 * embedded at random positions, in random encodings, in system prompts, user text, tool-call
 * arguments and tool results, a cloud destination never receives a restricted value, and every
 * answer comes back with the original values restored, JSON and streamed in random chunkings.
 */
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { encodeSecret, encodingArbitrary, fillerArbitrary, secretArbitrary } from '../helpers/secret-generators.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';

const RUNS = Number(process.env['AIRLOCK_PROPERTY_RUNS'] ?? 10_000);
const PLACEHOLDER = /<[A-Z][A-Z0-9_]*_\d+>/g;
const PLACES = ['system', 'user', 'tool-arguments', 'tool-result'] as const;

let cloud: LoopbackServer;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  cloud = await startLoopbackServer();
  // The upstream echoes every placeholder it received, in text and in a tool call's arguments.
  cloud.handle(async (request, response) => {
    const placeholders = [...new Set(request.rawBody.match(PLACEHOLDER) ?? [])];
    const text = `ECHO ${placeholders.join(' | ')}`;
    const args = JSON.stringify({ values: placeholders });
    const body = request.body as { stream?: boolean };
    if (!body.stream) {
      sendJson(
        response,
        200,
        createChatCompletion({ textPieces: [text], toolCalls: [{ id: 'call_e', name: 'echo', argumentPieces: [args] }] }),
      );
      return;
    }
    const seed = Number(request.headers['x-test-seed'] ?? 1);
    startEventStream(response);
    const chunks = createChatChunks({
      textPieces: splitText(text, seed),
      toolCalls: [{ id: 'call_e', name: 'echo', argumentPieces: splitText(args, seed + 1) }],
    });
    // The deltas are cut at random points above; the SSE parser's own TCP-chunking tests live elsewhere.
    response.end(formatOpenAIStream(chunks));
  });
  gateway = await startTestGateway({
    destinations: {
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1`, retries: { max: 0 } },
    },
    models: { 'gpt-4o': { destination: 'cloud' } },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await cloud?.close();
});

/** Cuts text into deltas at seeded points (so a placeholder is often split). */
function splitText(text: string, seed: number): string[] {
  const pieces: string[] = [];
  let state = seed;
  for (let offset = 0; offset < text.length;) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const size = 1 + (state % 9);
    pieces.push(text.slice(offset, offset + size));
    offset += size;
  }
  return pieces;
}

/** Every string in a parsed JSON value, so escaped forms (newlines, quotes) are compared decoded. */
function collectStrings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) collectStrings(item, into);
  return into;
}

/**
 * Recovers which original text each placeholder stands for, by aligning what the upstream
 * received with what the client sent (everything but the placeholders must match exactly).
 */
function alignPlaceholders(original: string, redacted: string, mapping: Map<string, string>): void {
  const order: string[] = [];
  const pattern = redacted.split(PLACEHOLDER).map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const found = redacted.match(PLACEHOLDER) ?? [];
  let source = pattern[0] ?? '';
  found.forEach((placeholder, index) => {
    const seen = order.indexOf(placeholder);
    source += seen === -1 ? '([\\s\\S]+?)' : `\\${seen + 1}`;
    if (seen === -1) order.push(placeholder);
    source += pattern[index + 1] ?? '';
  });
  const match = new RegExp(`^${source}$`).exec(original);
  expect(match, 'the upstream text must equal the original apart from placeholders').not.toBeNull();
  order.forEach((placeholder, index) => {
    const value = match?.[index + 1] ?? '';
    const known = mapping.get(placeholder);
    expect(known === undefined || known === value, `placeholder ${placeholder} stands for one value`).toBe(true);
    mapping.set(placeholder, value);
  });
}

const caseArbitrary = fc.record({
  planted: fc.array(
    fc.record({
      secret: secretArbitrary,
      encoding: encodingArbitrary,
      place: fc.constantFrom(...PLACES),
      before: fillerArbitrary,
      after: fillerArbitrary,
    }),
    { minLength: 1, maxLength: 4 },
  ),
  stream: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

describe('no restricted value reaches a cloud destination, and every answer is restored', () => {
  it(`holds for ${RUNS} random conversations`, { timeout: 1_800_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ planted, stream, seed }) => {
        const texts: Record<(typeof PLACES)[number], string> = {
          system: 'You review code.',
          user: 'Please help.',
          'tool-arguments': 'read',
          'tool-result': 'ok',
        };
        for (const { secret, encoding, place, before, after } of planted) {
          texts[place] += ` ${before} ${encodeSecret(secret.value, encoding)} ${after}`;
        }
        const toolArguments = JSON.stringify({ note: texts['tool-arguments'] });
        const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
          { role: 'system', content: texts.system },
          { role: 'user', content: texts.user },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read', arguments: toolArguments } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: texts['tool-result'] },
        ];
        const tools: OpenAI.Chat.ChatCompletionTool[] = [{ type: 'function', function: { name: 'echo', parameters: { type: 'object' } } }];
        const options = { headers: { 'x-test-seed': String(seed) } };
        const completion = stream
          ? await client.chat.completions.stream({ model: 'gpt-4o', messages, tools }, options).finalChatCompletion()
          : await client.chat.completions.create({ model: 'gpt-4o', messages, tools }, options);
        const answer = completion.choices[0]?.message;
        const text = answer?.content ?? '';
        const call = answer?.tool_calls?.[0];
        const echoedArguments = call?.type === 'function' ? call.function.arguments : '';

        // 1. Nothing restricted reached the cloud: neither the value nor its encoded blob.
        const received = cloud.lastRequest();
        const strings = collectStrings(received.body);
        for (const { secret, encoding } of planted) {
          const blob = encodeSecret(secret.value, encoding);
          for (const sent of strings) {
            expect(sent.includes(secret.value), `${secret.type} leaked in plain`).toBe(false);
            if (encoding !== 'plain') expect(sent.includes(blob), `${secret.type} leaked ${encoding}-encoded`).toBe(false);
          }
        }

        // 2. What the client got is exactly what the upstream said with placeholders replaced.
        const sent = received.body as { messages: { content: string | null; tool_calls?: { function: { arguments: string } }[] }[] };
        const mapping = new Map<string, string>();
        alignPlaceholders(texts.system, sent.messages[0]?.content ?? '', mapping);
        alignPlaceholders(texts.user, sent.messages[1]?.content ?? '', mapping);
        alignPlaceholders(toolArguments, sent.messages[2]?.tool_calls?.[0]?.function.arguments ?? '', mapping);
        alignPlaceholders(texts['tool-result'], sent.messages[3]?.content ?? '', mapping);
        const placeholders = [...new Set(received.rawBody.match(PLACEHOLDER) ?? [])];
        expect(text).toBe(`ECHO ${placeholders.map((placeholder) => mapping.get(placeholder)).join(' | ')}`);
        // Inside tool-call arguments values were restored JSON-escaped, so they parse back whole.
        expect(JSON.parse(echoedArguments)).toEqual({ values: placeholders.map((placeholder) => mapping.get(placeholder)) });
      }),
      { numRuns: RUNS, seed: Number(process.env['AIRLOCK_PROPERTY_SEED'] ?? 20_261_126) },
    );
  });
});
