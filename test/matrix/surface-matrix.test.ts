/**
 * The surface matrix: every model route of every listener, JSON and streaming, plain text and
 * tool calls. A request carrying a secret and an e-mail reaches the cloud upstream only as
 * placeholders, the caller gets the original values back in its own format, and exactly one audit
 * record exists for it. The last test fails if a model route exists that no case covers, so a
 * surface added later cannot skip a stage unnoticed.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listModelRoutes } from '../../src/server/request-lifecycle.js';
import { openGatewayAudit } from '../audit/audit-gateway-fixtures.js';
import { waitFor } from '../auth/gateway-fixtures.js';
import {
  createChatChunks,
  createChatCompletion,
  createEmbeddingList,
  createTextCompletion,
  createTextCompletionChunks,
  formatOpenAIStream,
} from '../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';

const SECRET = 'AKIAQ3EGRJ7XPL2MVN5T';
const EMAIL = 'dana.whitfield@acme-corp.com';
const PROMPT = `Rotate ${SECRET} and tell ${EMAIL}.`;
const PLACEHOLDER = /<[A-Z][A-Z0-9_]*_\d+>/g;
const TOOL = {
  name: 'notify',
  description: 'Notify someone',
  parameters: { type: 'object', properties: { values: { type: 'array', items: { type: 'string' } } } },
};

let cloud: LoopbackServer;
let gateway: TestGateway;

/** What the upstream said, echoing each placeholder it received, in text or in a tool call. */
function placeholdersIn(rawBody: string): string[] {
  return [...new Set(rawBody.match(PLACEHOLDER) ?? [])];
}

function expectedValues(placeholders: string[]): string[] {
  return placeholders.map((placeholder) => (placeholder.startsWith('<EMAIL') ? EMAIL : SECRET));
}

beforeAll(async () => {
  cloud = await startLoopbackServer((request, response) => {
    const body = request.body as { stream?: boolean; tools?: unknown[] };
    const placeholders = placeholdersIn(request.rawBody);
    const text = `ECHO ${placeholders.join(' ')}`;
    if (request.path.endsWith('/embeddings')) return sendJson(response, 200, createEmbeddingList([[0.1, 0.2]]));
    if (request.path.endsWith('/completions') && !request.path.endsWith('/chat/completions')) {
      if (!body.stream) return sendJson(response, 200, createTextCompletion(text));
      startEventStream(response);
      return void response.end(formatOpenAIStream(createTextCompletionChunks([text.slice(0, 9), text.slice(9)])));
    }
    const spec = body.tools?.length
      ? {
          toolCalls: [
            {
              id: 'call_m',
              name: 'notify',
              argumentPieces: ['{"values":', JSON.stringify(placeholders).slice(0, 12), `${JSON.stringify(placeholders).slice(12)}}`],
            },
          ],
        }
      : { textPieces: [text.slice(0, 11), text.slice(11)] };
    if (!body.stream) return sendJson(response, 200, createChatCompletion(spec));
    startEventStream(response);
    response.end(formatOpenAIStream(createChatChunks(spec)));
  });
  gateway = await startTestGateway({
    server: { ollama: { host: '127.0.0.1', port: 0 } },
    destinations: {
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1`, retries: { max: 0 } },
    },
    models: { 'gpt-4o': { destination: 'cloud' }, 'embed-3': { destination: 'cloud', kind: 'embedding' } },
    policy: {
      rules: [
        { name: 'placeholders-for-cloud', when: { tiers: ['enterprise'] }, action: 'redact', redact: { categories: ['secret', 'pii'] } },
      ],
    },
  });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await cloud?.close();
});

/** The caller's view of one answer: its text, or the values its tool call carried. */
type Answer = { text?: string; values?: string[]; dispatched?: false };

const openai = (base: string, user: string) =>
  new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-airlock-user': user } });
const anthropic = (user: string) =>
  new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-airlock-user': user } });
const ollama = (user: string) => new Ollama({ host: gateway.ollamaUrl ?? '', headers: { 'x-airlock-user': user } });
const argumentValues = (json: string | undefined): string[] => (JSON.parse(json ?? '{}') as { values: string[] }).values;

const openAITool = { type: 'function' as const, function: TOOL };

/** OpenAI-shaped routes exist on both listeners. */
function openAICases(listener: 'main' | 'ollama'): Record<string, (user: string) => Promise<Answer>> {
  const base = () => (listener === 'main' ? gateway.url : (gateway.ollamaUrl ?? ''));
  const messages = [{ role: 'user' as const, content: PROMPT }];
  return {
    'POST /v1/chat/completions json text': async (user) => ({
      text: (await openai(base(), user).chat.completions.create({ model: 'gpt-4o', messages })).choices[0]?.message.content ?? '',
    }),
    'POST /v1/chat/completions stream text': async (user) => {
      const stream = await openai(base(), user).chat.completions.create({ model: 'gpt-4o', messages, stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return { text };
    },
    'POST /v1/chat/completions json tools': async (user) => {
      const call = (await openai(base(), user).chat.completions.create({ model: 'gpt-4o', messages, tools: [openAITool] })).choices[0]
        ?.message.tool_calls?.[0];
      return { values: argumentValues(call?.type === 'function' ? call.function.arguments : undefined) };
    },
    'POST /v1/chat/completions stream tools': async (user) => {
      const call = (
        await openai(base(), user)
          .chat.completions.stream({ model: 'gpt-4o', messages, tools: [openAITool] })
          .finalChatCompletion()
      ).choices[0]?.message.tool_calls?.[0];
      return { values: argumentValues(call?.type === 'function' ? call.function.arguments : undefined) };
    },
    'POST /v1/completions json text': async (user) => ({
      text: (await openai(base(), user).completions.create({ model: 'gpt-4o', prompt: PROMPT })).choices[0]?.text ?? '',
    }),
    'POST /v1/completions stream text': async (user) => {
      let text = '';
      for await (const chunk of await openai(base(), user).completions.create({ model: 'gpt-4o', prompt: PROMPT, stream: true }))
        text += chunk.choices[0]?.text ?? '';
      return { text };
    },
    'POST /v1/embeddings json text': async (user) => {
      await openai(base(), user).embeddings.create({ model: 'embed-3', input: PROMPT });
      return {};
    },
    'POST /v1/responses json text': async (user) => ({
      text: (await openai(base(), user).responses.create({ model: 'gpt-4o', input: PROMPT })).output_text,
    }),
    'POST /v1/responses stream text': async (user) => ({
      text: (await openai(base(), user).responses.stream({ model: 'gpt-4o', input: PROMPT }).finalResponse()).output_text,
    }),
    'POST /v1/responses json tools': async (user) => {
      const result = await openai(base(), user).responses.create({
        model: 'gpt-4o',
        input: PROMPT,
        tools: [{ type: 'function', ...TOOL, strict: false }],
      });
      const call = result.output.find((item) => item.type === 'function_call');
      return { values: argumentValues(call?.type === 'function_call' ? call.arguments : undefined) };
    },
    'POST /v1/responses stream tools': async (user) => {
      const result = await openai(base(), user)
        .responses.stream({ model: 'gpt-4o', input: PROMPT, tools: [{ type: 'function', ...TOOL, strict: false }] })
        .finalResponse();
      const call = result.output.find((item) => item.type === 'function_call');
      return { values: argumentValues(call?.type === 'function_call' ? call.arguments : undefined) };
    },
  };
}

const anthropicTool = { name: TOOL.name, description: TOOL.description, input_schema: TOOL.parameters as Anthropic.Tool.InputSchema };
const anthropicText = (content: Anthropic.ContentBlock[]): string =>
  content.map((block) => (block.type === 'text' ? block.text : '')).join('');
const anthropicValues = (content: Anthropic.ContentBlock[]): string[] => {
  const block = content.find((item) => item.type === 'tool_use');
  return (block?.type === 'tool_use' ? (block.input as { values: string[] }) : { values: [] }).values;
};
const anthropicRequest = { model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'user' as const, content: PROMPT }] };

const mainOnly: Record<string, (user: string) => Promise<Answer>> = {
  'POST /v1/messages json text': async (user) => ({
    text: anthropicText((await anthropic(user).messages.create(anthropicRequest)).content),
  }),
  'POST /v1/messages stream text': async (user) => ({
    text: anthropicText((await anthropic(user).messages.stream(anthropicRequest).finalMessage()).content),
  }),
  'POST /v1/messages json tools': async (user) => ({
    values: anthropicValues((await anthropic(user).messages.create({ ...anthropicRequest, tools: [anthropicTool] })).content),
  }),
  'POST /v1/messages stream tools': async (user) => ({
    values: anthropicValues(
      (
        await anthropic(user)
          .messages.stream({ ...anthropicRequest, tools: [anthropicTool] })
          .finalMessage()
      ).content,
    ),
  }),
  'POST /v1/messages/count_tokens json text': async (user) => {
    const counted = await anthropic(user).messages.countTokens({ model: 'gpt-4o', messages: anthropicRequest.messages });
    expect(counted.input_tokens).toBeGreaterThan(0);
    return { dispatched: false };
  },
};

const ollamaTool = { type: 'function', function: TOOL };
const ollamaOnly: Record<string, (user: string) => Promise<Answer>> = {
  'POST /api/chat json text': async (user) => ({
    text: (await ollama(user).chat({ model: 'gpt-4o', messages: [{ role: 'user', content: PROMPT }], stream: false })).message.content,
  }),
  'POST /api/chat stream text': async (user) => {
    let text = '';
    for await (const part of await ollama(user).chat({ model: 'gpt-4o', messages: [{ role: 'user', content: PROMPT }], stream: true }))
      text += part.message.content;
    return { text };
  },
  'POST /api/chat json tools': async (user) => {
    const reply = await ollama(user).chat({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: PROMPT }],
      tools: [ollamaTool],
      stream: false,
    });
    return { values: (reply.message.tool_calls?.[0]?.function.arguments as { values: string[] }).values };
  },
  'POST /api/chat stream tools': async (user) => {
    let values: string[] = [];
    for await (const part of await ollama(user).chat({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: PROMPT }],
      tools: [ollamaTool],
      stream: true,
    })) {
      const call = part.message.tool_calls?.[0];
      if (call) values = (call.function.arguments as { values: string[] }).values;
    }
    return { values };
  },
  'POST /api/generate json text': async (user) => ({
    text: (await ollama(user).generate({ model: 'gpt-4o', prompt: PROMPT, stream: false })).response,
  }),
  'POST /api/generate stream text': async (user) => {
    let text = '';
    for await (const part of await ollama(user).generate({ model: 'gpt-4o', prompt: PROMPT, stream: true })) text += part.response;
    return { text };
  },
  'POST /api/embed json text': async (user) => {
    await ollama(user).embed({ model: 'embed-3', input: PROMPT });
    return {};
  },
  'POST /api/embeddings json text': async (user) => {
    await ollama(user).embeddings({ model: 'embed-3', prompt: PROMPT });
    return {};
  },
};

const cases: [string, 'main' | 'ollama', (user: string) => Promise<Answer>][] = [
  ...Object.entries({ ...openAICases('main'), ...mainOnly }).map(([name, run]) => [name, 'main', run] as [string, 'main', typeof run]),
  ...Object.entries({ ...openAICases('ollama'), ...ollamaOnly }).map(
    ([name, run]) => [name, 'ollama', run] as [string, 'ollama', typeof run],
  ),
];

describe('every surface × JSON/stream × text/tools goes through the whole pipeline', () => {
  it.each(cases.map(([name, listener, run], index) => [`${listener} ${name}`, index, run] as const))('%s', async (_name, index, run) => {
    const user = `matrix-${index}`;
    const before = cloud.requests.length;
    const answer = await run(user);
    const sent = cloud.requests.slice(before);
    if (answer.dispatched === false) {
      expect(sent).toHaveLength(0);
    } else {
      expect(sent).toHaveLength(1);
      const rawBody = sent[0]?.rawBody ?? '';
      expect(rawBody).not.toContain(SECRET);
      expect(rawBody).not.toContain(EMAIL);
      const placeholders = placeholdersIn(rawBody);
      expect(placeholders).toEqual([expect.stringMatching(/^<AWS_ACCESS_KEY_ID_\d+>$/), expect.stringMatching(/^<EMAIL_\d+>$/)]);
      if (answer.text !== undefined) expect(answer.text).toBe(`ECHO ${expectedValues(placeholders).join(' ')}`);
      if (answer.values !== undefined) expect(answer.values).toEqual(expectedValues(placeholders));
    }
    const { service, store } = await openGatewayAudit(gateway, {});
    try {
      await waitFor(async () => (await service.query({ user, limit: 10 })).some((record) => record.outcome !== null), 5_000);
      const records = await service.query({ user, limit: 10 });
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ classification: 'restricted' });
    } finally {
      await store.close();
    }
  });

  it('covers every model route of every listener', () => {
    const covered = new Set(cases.map(([name, listener]) => `${listener} ${name.split(' ').slice(0, 2).join(' ')}`));
    const routes = [
      ...listModelRoutes(gateway.app).map((route) => `main ${route}`),
      ...(gateway.ollamaApp ? listModelRoutes(gateway.ollamaApp).map((route) => `ollama ${route}`) : ['ollama listener missing']),
    ];
    expect(routes.filter((route) => !covered.has(route))).toEqual([]);
  });
});
