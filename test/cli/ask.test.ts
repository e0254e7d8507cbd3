import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from 'citty';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAskCommand, runAsk, type AskOptions } from '../../src/cli/ask.js';
import { createChatChunks, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { startEventStream, startLoopbackServer, writeInPieces, type LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { createTestTerminal, messagesOf, streamChatAnswer, type TestTerminal } from './ask-helpers.js';

// Synthetic, shaped like a real AWS key id (never a real credential).
const AWS_KEY = 'AKIAQ3EGRJ7XPL2MVN5T';

let cloud: LoopbackServer;
let gateway: TestGateway;
let workDir: string;
const terminals: TestTerminal[] = [];

beforeAll(async () => {
  cloud = await startLoopbackServer();
  gateway = await startTestGateway({
    destinations: {
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1`, retries: { max: 0 } },
    },
    models: { 'gpt-4o': { destination: 'cloud' }, 'gpt-4o-mini': { destination: 'cloud' } },
    policy: {
      rules: [
        {
          name: 'no-private-keys',
          when: { types: ['private_key'] },
          action: 'block',
          message: 'Private keys may not be sent to any model.',
        },
        { name: 'redact-secrets', when: { categories: ['secret'] }, action: 'redact', redact: { categories: ['secret'] } },
      ],
    },
  });
  workDir = mkdtempSync(path.join(os.tmpdir(), 'airlock-ask-'));
});

afterEach(() => {
  cloud.requests.length = 0;
  while (terminals.length > 0) terminals.pop()?.cleanup();
});

afterAll(async () => {
  await gateway?.close();
  await cloud?.close();
  rmSync(workDir, { recursive: true, force: true });
});

function terminal(options: Parameters<typeof createTestTerminal>[0] = { stdinIsTty: true }): TestTerminal {
  const created = createTestTerminal(options);
  terminals.push(created);
  return created;
}

function ask(term: TestTerminal, options: Partial<AskOptions>): Promise<number> {
  return runAsk({ url: gateway.url, question: undefined, files: [], cwd: workDir, ...options }, term.io);
}

describe('airlock ask', () => {
  it('streams the answer to the terminal as it arrives', async () => {
    let releaseRest!: () => void;
    const rest = new Promise<void>((resolve) => (releaseRest = resolve));
    cloud.handle(async (_request, response) => {
      startEventStream(response);
      const chunks = createChatChunks({ textPieces: ['Retries ', 'are capped ', 'at three.'] });
      // The role chunk and the first text piece go out; the rest waits until the terminal shows them.
      response.write(formatOpenAIStream(chunks.slice(0, 2), false));
      await rest;
      await writeInPieces(response, formatOpenAIStream(chunks.slice(2)));
      response.end();
    });
    const term = terminal();
    const running = ask(term, { question: 'How many retries?', model: 'gpt-4o' });
    await term.waitForOutput('Retries ');
    expect(term.stdout()).toBe('Retries ');
    releaseRest();
    expect(await running).toBe(0);
    expect(term.stdout()).toBe('Retries are capped at three.\n');
    expect(messagesOf(cloud.lastRequest())).toEqual([{ role: 'user', content: 'How many retries?' }]);
    expect((cloud.lastRequest().body as { stream: boolean }).stream).toBe(true);
  });

  it('attaches files as fenced blocks with their names, and piped stdin too', async () => {
    writeFileSync(path.join(workDir, 'retry.ts'), 'export const MAX_RETRIES = 3;\n');
    writeFileSync(path.join(workDir, 'README.md'), 'Use it like this:\n```ts\nretry(fn)\n```\n');
    cloud.handle((_request, response) => streamChatAnswer(response, ['Looks fine.']));
    const term = terminal({ stdin: 'diff --git a/x b/x\n' });
    expect(await ask(term, { question: 'explain', files: ['retry.ts', 'README.md'], model: 'gpt-4o' })).toBe(0);
    const [message] = messagesOf(cloud.lastRequest());
    expect(message?.content).toBe(
      [
        'explain',
        '```\ndiff --git a/x b/x\n```',
        'retry.ts:\n```ts\nexport const MAX_RETRIES = 3;\n```',
        // The Markdown file has its own fence, so the outer one is longer.
        'README.md:\n````md\nUse it like this:\n```ts\nretry(fn)\n```\n````',
      ].join('\n\n'),
    );
    expect(term.stdout()).toBe('Looks fine.\n');
  });

  it('takes piped stdin alone as the question', async () => {
    cloud.handle((_request, response) => streamChatAnswer(response, ['Paris.']));
    const term = terminal({ stdin: 'What is the capital of France?\n' });
    expect(await ask(term, { model: 'gpt-4o' })).toBe(0);
    expect(messagesOf(cloud.lastRequest())[0]?.content).toBe('What is the capital of France?');
  });

  it('does not hang on an inherited stdin pipe that never ends: asks without it after 2 s and says so', async () => {
    cloud.handle((_request, response) => streamChatAnswer(response, ['ok']));
    const term = terminal({}); // a pipe that is never written to nor closed
    const started = Date.now();
    expect(await ask(term, { question: 'hi', model: 'gpt-4o' })).toBe(0);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(messagesOf(cloud.lastRequest())[0]?.content).toBe('hi');
    expect(term.stderr()).toContain('nothing arrived on stdin within 2 s');
  });

  it('with a question, still attaches stdin that comes late but within the wait, and --no-stdin skips it', async () => {
    cloud.handle((_request, response) => streamChatAnswer(response, ['ok']));
    const late = terminal({});
    setTimeout(() => late.stdin.end('late context\n'), 300);
    expect(await ask(late, { question: 'what is this?', model: 'gpt-4o' })).toBe(0);
    expect(messagesOf(cloud.lastRequest())[0]?.content).toContain('late context');
    const skipped = terminal({ stdin: 'ignored context\n' });
    expect(await ask(skipped, { question: 'hi', model: 'gpt-4o', stdin: false })).toBe(0);
    expect(messagesOf(cloud.lastRequest())[0]?.content).toBe('hi');
  });

  it('asks the first listed model when none is named and the gateway offers no auto', async () => {
    cloud.handle((_request, response) => streamChatAnswer(response, ['ok']));
    const term = terminal();
    expect(await ask(term, { question: 'hi' })).toBe(0);
    expect((cloud.lastRequest().body as { model: string }).model).toBe('gpt-4o');
  });

  it('asks for auto even where the gateway does not list it, and the policy picks the model', async () => {
    cloud.handle((_request, response) => streamChatAnswer(response, ['ok']));
    const term = terminal();
    expect(await ask(term, { question: 'hi', model: 'auto', why: true })).toBe(0);
    expect((cloud.lastRequest().body as { model: string }).model).toBe('gpt-4o');
    expect(term.stderr()).toMatch(/route:\s+cloud\/gpt-4o\n/);
  });

  it('prints the decision with --why: a secret is redacted before it leaves and restored in the answer', async () => {
    cloud.handle((request, response) => {
      const placeholder = /<[A-Z][A-Z0-9_]*_\d+>/.exec(request.rawBody)?.[0] ?? '?';
      return streamChatAnswer(response, ['Rotate ', placeholder, ' now.']);
    });
    const term = terminal();
    expect(await ask(term, { question: `Is aws_access_key_id = ${AWS_KEY} valid?`, model: 'gpt-4o', why: true })).toBe(0);
    expect(cloud.lastRequest().rawBody).not.toContain(AWS_KEY);
    expect(term.stdout()).toBe(`Rotate ${AWS_KEY} now.\n`);
    expect(term.stderr()).toMatch(/classification:\s+restricted/);
    expect(term.stderr()).toMatch(/action:\s+redact/);
    expect(term.stderr()).toMatch(/rule:\s+redact-secrets/);
    expect(term.stderr()).toMatch(/route:\s+cloud\/gpt-4o/);
    expect(term.stderr()).toMatch(/redactions:\s+1/);
    expect(term.stderr()).toMatch(/request id:\s+\S+/);
  });

  it('shows a policy block with its message and rule, exits 1, and sends nothing upstream', async () => {
    const term = terminal();
    const privateKey = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF0qJZ0Ybq9Yl9P0uQ7vL6aq1x8d2',
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    expect(await ask(term, { question: `Why does this key fail?\n${privateKey}`, model: 'gpt-4o' })).toBe(1);
    expect(term.stderr()).toBe('Blocked by policy (rule no-private-keys): Private keys may not be sent to any model.\n');
    expect(term.stdout()).toBe('');
    expect(cloud.requests).toHaveLength(0);
  });

  it("prints the gateway's message and code for an unknown model", async () => {
    const term = terminal();
    expect(await ask(term, { question: 'hi', model: 'gpt-9' })).toBe(1);
    expect(term.stderr()).toMatch(
      /^airlock: The model "gpt-9" does not exist\. Available models: gpt-4o, gpt-4o-mini\. \(MODEL_NOT_FOUND, HTTP 404\)\n$/,
    );
  });

  it('prints a failure that arrives mid-stream after the text so far', async () => {
    cloud.handle(async (_request, response) => {
      startEventStream(response);
      response.write(formatOpenAIStream(createChatChunks({ textPieces: ['Partial '] }).slice(0, 2), false));
      await new Promise((resolve) => setTimeout(resolve, 20));
      response.destroy();
    });
    const term = terminal();
    expect(await ask(term, { question: 'hi', model: 'gpt-4o' })).toBe(1);
    expect(term.stdout()).toBe('Partial \n');
    expect(term.stderr()).toMatch(/\(UPSTREAM_STREAM_ERROR, HTTP 200\)\n$/);
  });

  it('cancels a streaming answer on interrupt and exits 130', async () => {
    cloud.handle(async (_request, response) => {
      startEventStream(response);
      response.write(formatOpenAIStream(createChatChunks({ textPieces: ['Thinking'] }).slice(0, 2), false));
      // Never finishes: only the interrupt ends this answer.
    });
    const term = terminal();
    const running = ask(term, { question: 'hi', model: 'gpt-4o' });
    await term.waitForOutput('Thinking');
    term.interrupt();
    expect(await running).toBe(130);
    expect(term.stdout()).toBe('Thinking\n');
    expect(term.stderr()).toBe('airlock: cancelled\n');
    await cloud.lastRequest().connectionClosed;
  });

  it('says how to start a gateway when none answers', async () => {
    const closed = await startLoopbackServer();
    const url = closed.url;
    await closed.close();
    const term = terminal();
    const command = createAskCommand(() => term.io);
    await runCommand(command, { rawArgs: ['hi', '--url', url, '--model', 'm'] });
    expect(term.exitCode()).toBe(1);
    expect(term.stderr()).toContain(`Could not reach the Airlock gateway at ${url} (ECONNREFUSED). Start one with \`airlock serve\``);
    expect(term.stderr()).toContain('(GATEWAY_UNREACHABLE)');
  });

  it('refuses to run with nothing to ask (exit 2), and refuses binary files', async () => {
    const term = terminal();
    await runCommand(
      createAskCommand(() => term.io),
      { rawArgs: ['--url', gateway.url] },
    );
    expect(term.exitCode()).toBe(2);
    expect(term.stderr()).toContain('Nothing to ask');
    writeFileSync(path.join(workDir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const binary = terminal();
    await expect(ask(binary, { question: 'what is this', files: ['image.png'] })).rejects.toThrow('image.png looks like a binary file');
  });
});
