import { runCommand } from 'citty';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatCommand, runChat } from '../../src/cli/chat.js';
import { createChatChunks, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { startEventStream, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { createTestTerminal, messagesOf, streamChatAnswer, type TestTerminal } from './ask-helpers.js';

let cloud: LoopbackServer;
let gateway: TestGateway;
const terminals: TestTerminal[] = [];

/** The upstream answers "echo: <last user message>" in three pieces, unless the text asks it to hang. */
function echoLastMessage(request: RecordedRequest, response: Parameters<typeof streamChatAnswer>[0]) {
  const last = messagesOf(request).at(-1)?.content ?? '';
  if (last.includes('hang')) {
    startEventStream(response);
    response.write(formatOpenAIStream(createChatChunks({ textPieces: ['Still thinking'] }).slice(0, 2), false));
    return;
  }
  return streamChatAnswer(response, ['echo', ': ', last]);
}

beforeAll(async () => {
  cloud = await startLoopbackServer(echoLastMessage);
  gateway = await startTestGateway({
    destinations: {
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1`, retries: { max: 0 } },
    },
    models: { auto: { destination: 'cloud', upstream: 'gpt-4o' }, 'gpt-4o-mini': { destination: 'cloud', aliases: ['mini'] } },
    policy: {
      rules: [{ name: 'no-secrets', when: { categories: ['secret'] }, action: 'block', message: 'Secrets stay on this machine.' }],
    },
  });
});

afterEach(() => {
  cloud.requests.length = 0;
  while (terminals.length > 0) terminals.pop()?.cleanup();
});

afterAll(async () => {
  await gateway?.close();
  await cloud?.close();
});

function terminal(options: Parameters<typeof createTestTerminal>[0] = {}): TestTerminal {
  const created = createTestTerminal(options);
  terminals.push(created);
  return created;
}

const chatRequests = () => cloud.requests.filter((request) => request.path === '/v1/chat/completions');

describe('airlock chat', () => {
  it('keeps history across turns, switches models, and explains the last request with /why', async () => {
    const term = terminal({ stdin: 'hello there\n/why\n/model mini\nand again\n/exit\nnever sent\n' });
    expect(await runChat({ url: gateway.url }, term.io)).toBe(0);
    const [first, second] = chatRequests();
    expect(chatRequests()).toHaveLength(2);
    // No model named: the gateway offers `auto`, so that is what the session asks for.
    expect((first?.body as { model: string }).model).toBe('gpt-4o');
    expect(messagesOf(first!)).toEqual([{ role: 'user', content: 'hello there' }]);
    expect((second?.body as { model: string }).model).toBe('gpt-4o-mini');
    expect(messagesOf(second!)).toEqual([
      { role: 'user', content: 'hello there' },
      { role: 'assistant', content: 'echo: hello there' },
      { role: 'user', content: 'and again' },
    ]);
    const out = term.stdout();
    expect(out).toContain(`Airlock chat with auto via ${gateway.url}.`);
    expect(out).toContain('echo: hello there\n');
    expect(out).toMatch(/classification:\s+public\n/);
    expect(out).toMatch(/action:\s+allow\n/);
    expect(out).toMatch(/route:\s+cloud\/gpt-4o\n/);
    expect(out).toMatch(/request id:\s+\S+\n/);
    expect(out).toMatch(/outcome:\s+completed\n/);
    expect(out).toContain('Model: gpt-4o-mini\n');
    expect(out).toContain('echo: and again\n');
    expect(term.stderr()).toBe('');
  });

  it('lists models, refuses an unknown one, clears history, and sends "//" lines as text', async () => {
    const term = terminal({ stdin: '/models\n/model gpt-9\nfirst\n/clear\n//etc/hosts is what?\n' });
    expect(await runChat({ url: gateway.url }, term.io)).toBe(0);
    expect(term.stdout()).toContain('* auto\n  gpt-4o-mini\n');
    expect(term.stderr()).toMatch(/^airlock: The model "gpt-9" does not exist\. .*\(MODEL_NOT_FOUND, HTTP 404\)\n$/);
    const last = chatRequests().at(-1)!;
    expect(messagesOf(last)).toEqual([{ role: 'user', content: '/etc/hosts is what?' }]);
  });

  it('shows a block, keeps the blocked prompt out of later turns, and /why names the rule', async () => {
    const term = terminal({ stdin: 'my key is aws_access_key_id = AKIAQ3EGRJ7XPL2MVN5T\n/why\nnext question\n' });
    expect(await runChat({ url: gateway.url, model: 'gpt-4o-mini' }, term.io)).toBe(0);
    expect(term.stderr()).toBe('Blocked by policy (rule no-secrets): Secrets stay on this machine.\n');
    expect(term.stdout()).toMatch(/action:\s+block\n/);
    expect(term.stdout()).toMatch(/rule:\s+no-secrets\n/);
    expect(term.stdout()).toMatch(/classification:\s+restricted\n/);
    expect(term.stdout()).toMatch(/outcome:\s+failed\n/);
    expect(chatRequests()).toHaveLength(1);
    expect(messagesOf(chatRequests()[0]!)).toEqual([{ role: 'user', content: 'next question' }]);
  });

  it('cancels a streaming answer on interrupt without leaving, then answers the next line', async () => {
    const term = terminal();
    const session = runChat({ url: gateway.url }, term.io);
    term.stdin.write('please hang\n');
    await term.waitForOutput('Still thinking');
    term.interrupt();
    await waitFor(() => term.stderr().includes('(cancelled)\n'));
    await cloud.requests[0]!.connectionClosed;
    term.stdin.write('are you there?\n');
    await term.waitForOutput('echo: are you there?');
    // The partial answer the user saw stays in the conversation.
    expect(messagesOf(chatRequests()[1]!)).toEqual([
      { role: 'user', content: 'please hang' },
      { role: 'assistant', content: 'Still thinking' },
      { role: 'user', content: 'are you there?' },
    ]);
    term.stdin.write('/exit\n');
    expect(await session).toBe(0);
  });

  it('in a terminal, Ctrl-C cancels the answer, and two Ctrl-C on an empty prompt leave', async () => {
    const term = terminal({ stdinIsTty: true });
    const command = createChatCommand(() => term.io);
    const session = runCommand(command, { rawArgs: ['--url', gateway.url, '--model', 'mini'] });
    term.stdin.write('hang on\r');
    await term.waitForOutput('Still thinking');
    term.stdin.write('\x03');
    await waitFor(() => term.stderr().includes('(cancelled)\n'));
    term.stdin.write('\x03');
    await term.waitForOutput('(press Ctrl-C again or type /exit to leave)');
    term.stdin.write('\x03');
    await session;
    expect(term.exitCode()).toBe(0);
    expect(chatRequests()).toHaveLength(1);
  });

  it('fails with the reason when the gateway cannot be reached', async () => {
    const closed = await startLoopbackServer();
    await closed.close();
    const term = terminal({ stdin: 'hi\n' });
    await runCommand(
      createChatCommand(() => term.io),
      { rawArgs: ['--url', closed.url] },
    );
    expect(term.exitCode()).toBe(1);
    expect(term.stderr()).toContain('(GATEWAY_UNREACHABLE)');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
