import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsk } from '../../src/cli/ask.js';
import { runChat } from '../../src/cli/chat.js';
import { EMBEDDED_DESTINATION, startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { createTestTerminal } from './ask-helpers.js';

let gateway: TestGateway;

beforeAll(async () => {
  // The embedded defaults' shape: the shipped llama.cpp model as the only (local) destination.
  gateway = await startTestGateway({
    destinations: { local: EMBEDDED_DESTINATION },
    models: { local: { destination: 'local', upstream: 'stories260K', aliases: ['stories260K'] } },
  });
});

afterAll(async () => {
  await gateway?.close();
});

async function answerDirectly(prompt: string, maxTokens: number): Promise<string> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'local', temperature: 0, max_tokens: maxTokens, messages: [{ role: 'user', content: prompt }] }),
  });
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  return body.choices[0]!.message.content;
}

describe('the developer commands on the embedded model', () => {
  it('ask streams what the model answers, picks its only model, and reports the local route', async () => {
    const term = createTestTerminal({ stdinIsTty: true });
    try {
      const code = await runAsk(
        { url: gateway.url, question: 'Once upon a time', files: [], cwd: process.cwd(), temperature: 0, maxTokens: 20, why: true },
        term.io,
      );
      expect(code).toBe(0);
      const expected = await answerDirectly('Once upon a time', 20);
      expect(expected.length).toBeGreaterThan(10);
      expect(term.stdout()).toBe(`${expected}${expected.endsWith('\n') ? '' : '\n'}`);
      expect(term.stderr()).toMatch(/route:\s+local\/stories260K\n/);
      expect(term.stderr()).toMatch(/action:\s+allow\n/);
      expect(term.stderr()).toContain('airlock: the answer was cut off at the token limit\n');
    } finally {
      term.cleanup();
    }
  });

  it('chat answers two turns and /why explains the second', async () => {
    const term = createTestTerminal({ stdin: 'Tell me a story.\nWhat happened next?\n/why\n' });
    try {
      expect(await runChat({ url: gateway.url, temperature: 0, maxTokens: 12 }, term.io)).toBe(0);
      const out = term.stdout();
      expect(out).toContain('Airlock chat with local via');
      expect(out.match(/you> /g)).toHaveLength(4);
      expect(out).toMatch(/route:\s+local\/stories260K\n/);
      expect(out).toMatch(/outcome:\s+completed\n/);
      // Twelve tokens are never the whole story.
      expect(term.stderr()).toBe('(the answer was cut off at the token limit)\n'.repeat(2));
    } finally {
      term.cleanup();
    }
  });
});
