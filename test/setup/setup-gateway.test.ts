/**
 * The settings `airlock setup` writes, used the way each tool uses them, reach a real gateway:
 * the official SDKs (OpenAI, Anthropic, Ollama) configured only from what setup printed or wrote,
 * and Continue's URL resolution for its chat and autocomplete endpoints, with a real virtual key.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { parse as parseToml } from 'smol-toml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { issueApiKey } from '../../src/identity/key-lifecycle.js';
import type { TestTerminal } from '../cli/ask-helpers.js';
import { createChatChunks, createChatCompletion, createTextCompletion, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { createSetupTerminal, runSetupCommand } from './setup-helpers.js';

let cloud: LoopbackServer;
let gateway: TestGateway;
let key: string;
const terminals: TestTerminal[] = [];

beforeAll(async () => {
  cloud = await startLoopbackServer((request, response) => {
    const body = request.body as { stream?: boolean };
    if (request.path === '/v1/completions') return sendJson(response, 200, createTextCompletion('return a + b;'));
    if (!body.stream) return sendJson(response, 200, createChatCompletion({ textPieces: ['Hello from the gateway.'] }));
    startEventStream(response);
    response.end(formatOpenAIStream(createChatChunks({ textPieces: ['Hello ', 'from the gateway.'] })));
  });
  gateway = await startTestGateway({
    server: { ollama: { port: 0 } },
    // Keys required: every call below gets in only with the key setup wrote.
    auth: { anonymous: false },
    destinations: {
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1`, retries: { max: 0 } },
    },
    models: { 'gpt-4o': { destination: 'cloud' }, fast: { destination: 'cloud', upstream: 'gpt-4o-mini' } },
  });
  key = (await issueApiKey(gateway.access.store, { user: 'dana' }, 'test')).key;
});

afterEach(() => {
  while (terminals.length > 0) terminals.pop()?.cleanup();
});

afterAll(async () => {
  await gateway?.close();
  await cloud?.close();
});

async function setUp(tool: string, extra: string[] = []): Promise<TestTerminal> {
  const term = createSetupTerminal();
  terminals.push(term);
  const run = await runSetupCommand(term, [tool, '--write', '--url', gateway.url, '--key', key, ...extra]);
  expect(run.exitCode, run.stderr).toBe(0);
  return term;
}

const read = (term: TestTerminal, file: string) => readFileSync(path.join(term.io.homeDir, file), 'utf8');

describe('settings written by airlock setup reach the gateway', () => {
  it('picks the first model the gateway lists when none is named', async () => {
    const term = await setUp('aider');
    expect(parseYaml(read(term, '.aider.conf.yml')).model).toBe('openai/gpt-4o');
  });

  it('env: the OpenAI, Anthropic and Ollama SDKs configured from the exports alone', async () => {
    const term = createSetupTerminal();
    terminals.push(term);
    const run = await runSetupCommand(term, ['env', '--url', gateway.url, '--key', key, '--ollama-url', gateway.ollamaUrl!]);
    // The shell itself parses the exports.
    const names = [
      'OPENAI_BASE_URL',
      'OPENAI_API_KEY',
      'ANTHROPIC_BASE_URL',
      'ANTHROPIC_AUTH_TOKEN',
      'OLLAMA_HOST',
      'AIRLOCK_URL',
      'AIRLOCK_API_KEY',
    ];
    const printed = execFileSync(
      'sh',
      ['-c', `eval "$1"; for name in ${names.join(' ')}; do eval "printf '%s\\n' \\"\\$$name\\""; done`, 'sh', run.stdout],
      { encoding: 'utf8' },
    );
    const env = Object.fromEntries(names.map((name, index) => [name, printed.split('\n')[index]!]));
    expect(env.AIRLOCK_API_KEY).toBe(key);

    const openai = new OpenAI({ baseURL: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, maxRetries: 0 });
    const { data, response } = await openai.chat.completions
      .create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe('Hello from the gateway.');
    expect(response.headers.get('x-airlock-route')).toBe('cloud/gpt-4o-mini');
    const withoutKey = new OpenAI({ baseURL: env.OPENAI_BASE_URL, apiKey: 'none', maxRetries: 0 });
    await expect(withoutKey.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 401,
    });

    const anthropic = new Anthropic({ baseURL: env.ANTHROPIC_BASE_URL, authToken: env.ANTHROPIC_AUTH_TOKEN, apiKey: null, maxRetries: 0 });
    const message = await anthropic.messages.create({ model: 'gpt-4o', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello from the gateway.' })]);

    const ollama = new Ollama({ host: env.OLLAMA_HOST, headers: { authorization: `Bearer ${env.AIRLOCK_API_KEY}` } });
    const reply = await ollama.chat({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: false });
    expect(reply.message.content).toBe('Hello from the gateway.');
  });

  it('claude-code: the Anthropic SDK with settings.json env reaches /v1/messages', async () => {
    const term = await setUp('claude-code', ['--model', 'fast']);
    const env = JSON.parse(read(term, '.claude/settings.json')).env as Record<string, string>;
    const anthropic = new Anthropic({ baseURL: env.ANTHROPIC_BASE_URL, authToken: env.ANTHROPIC_AUTH_TOKEN, apiKey: null, maxRetries: 0 });
    const stream = anthropic.messages.stream({
      model: env.ANTHROPIC_DEFAULT_HAIKU_MODEL!,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(await stream.finalText()).toBe('Hello from the gateway.');
    expect(cloud.lastRequest().body).toMatchObject({ model: 'gpt-4o-mini' });
  });

  it('codex: the OpenAI SDK with the config.toml provider reaches /v1/responses, the key from env_key', async () => {
    const term = await setUp('codex', ['--model', 'gpt-4o']);
    const config = parseToml(read(term, '.codex/config.toml')) as {
      model: string;
      model_provider: string;
      model_providers: Record<string, Record<string, string>>;
    };
    const provider = config.model_providers[config.model_provider]!;
    expect(provider.wire_api).toBe('responses');
    const environment: Record<string, string> = { [provider.env_key!]: key };
    const openai = new OpenAI({ baseURL: provider.base_url, apiKey: environment[provider.env_key!], maxRetries: 0 });
    const response = await openai.responses.create({ model: config.model, input: 'hi' });
    expect(response.output_text).toBe('Hello from the gateway.');
  });

  it('continue: chat on apiBase + chat/completions and autocomplete on apiBase + completions, as Continue resolves them', async () => {
    const term = await setUp('continue', ['--model', 'fast']);
    const models = parseYaml(read(term, '.continue/config.yaml')).models as Record<string, unknown>[];
    const chat = models.find((model) => (model.roles as string[]).includes('chat'))!;
    const autocomplete = models.find((model) => (model.roles as string[]).includes('autocomplete'))!;
    expect(autocomplete.useLegacyCompletionsEndpoint).toBe(true);
    const post = (endpoint: string, model: Record<string, unknown>, body: unknown) =>
      fetch(new URL(endpoint, model.apiBase as string), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${model.apiKey as string}` },
        body: JSON.stringify(body),
      });
    const chatResponse = await post('chat/completions', chat, { model: chat.model, messages: [{ role: 'user', content: 'hi' }] });
    expect(chatResponse.status).toBe(200);
    const completion = await post('completions', autocomplete, {
      model: autocomplete.model,
      prompt: 'function add(a, b) {',
      max_tokens: 16,
    });
    expect(completion.status).toBe(200);
    expect(((await completion.json()) as { choices: { text: string }[] }).choices[0]?.text).toBe('return a + b;');
    expect(cloud.lastRequest().path).toBe('/v1/completions');
  });

  it('aider and opencode: the OpenAI SDK with their base URL, key and model', async () => {
    const aider = parseYaml(read(await setUp('aider', ['--model', 'fast']), '.aider.conf.yml')) as Record<string, string>;
    const viaAider = new OpenAI({ baseURL: aider['openai-api-base'], apiKey: aider['openai-api-key'], maxRetries: 0 });
    const first = await viaAider.chat.completions.create({
      model: aider.model!.replace(/^openai\//, ''),
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(first.choices[0]?.message.content).toBe('Hello from the gateway.');

    const opencode = JSON.parse(read(await setUp('opencode', ['--model', 'fast']), '.config/opencode/opencode.json'));
    const [providerId, modelId] = (opencode.model as string).split('/');
    const options = opencode.provider[providerId!].options as { baseURL: string; apiKey: string };
    const viaOpencode = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey, maxRetries: 0 });
    const second = await viaOpencode.chat.completions.create({ model: modelId!, messages: [{ role: 'user', content: 'hi' }] });
    expect(second.choices[0]?.message.content).toBe('Hello from the gateway.');
  });
});
