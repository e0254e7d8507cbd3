import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from 'citty';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createReviewCommand, runReview, type ReviewOptions } from '../../src/cli/review.js';
import { REVIEW_SYSTEM_PROMPT } from '../../src/client/review-prompt.js';
import { startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { createTestTerminal, messagesOf, streamChatAnswer, type TestTerminal } from './ask-helpers.js';

const AWS_KEY = 'AKIAQ3EGRJ7XPL2MVN5T';

let cloud: LoopbackServer;
let gateway: TestGateway;
let repo: string;
const terminals: TestTerminal[] = [];

beforeAll(async () => {
  cloud = await startLoopbackServer((request, response) => {
    const paths = /files: ([^)]*)\)/.exec(messagesOf(request).at(-1)?.content ?? '')?.[1] ?? 'all';
    return streamChatAnswer(response, ['- minor ', `(${paths}): looks fine.`]);
  });
  gateway = await startTestGateway({
    destinations: {
      cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1`, retries: { max: 0 } },
    },
    models: { 'gpt-4o': { destination: 'cloud' }, reviewer: { destination: 'cloud', upstream: 'o3' } },
  });
  repo = mkdtempSync(path.join(os.tmpdir(), 'airlock-review-'));
  git('init', '-q');
  mkdirSync(path.join(repo, 'src'));
  writeFileSync(path.join(repo, 'src', 'retry.ts'), numbered('const retry', 40));
  writeFileSync(path.join(repo, 'src', 'config.ts'), 'export const config = {};\n');
  writeFileSync(path.join(repo, 'package-lock.json'), '{}\n');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base');
});

afterEach(() => {
  cloud.requests.length = 0;
  while (terminals.length > 0) terminals.pop()?.cleanup();
  git('checkout', '-q', '--', '.');
});

afterAll(async () => {
  await gateway?.close();
  await cloud?.close();
  rmSync(repo, { recursive: true, force: true });
});

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
}

function numbered(prefix: string, count: number): string {
  return Array.from({ length: count }, (_, index) => `${prefix}${index} = ${index};\n`).join('');
}

function terminal(stdin?: string): TestTerminal {
  const created = createTestTerminal(stdin === undefined ? { stdinIsTty: true } : { stdin });
  terminals.push(created);
  return created;
}

function review(term: TestTerminal, options: Partial<ReviewOptions> = {}): Promise<number> {
  return runReview({ url: gateway.url, model: 'gpt-4o', cwd: repo, ...options }, term.io);
}

describe('git diff | airlock review', () => {
  it('sends the diff fenced under the reviewer prompt and streams the review', async () => {
    writeFileSync(path.join(repo, 'src', 'config.ts'), 'export const config = { retries: 3 };\n');
    const diff = git('diff');
    const term = terminal(diff);
    expect(await review(term)).toBe(0);
    expect(cloud.requests).toHaveLength(1);
    expect(messagesOf(cloud.lastRequest())).toEqual([
      { role: 'system', content: REVIEW_SYSTEM_PROMPT },
      { role: 'user', content: `Review this diff.\n\n\`\`\`diff\n${diff.trimEnd()}\n\`\`\`` },
    ]);
    expect(term.stdout()).toBe('- minor (all): looks fine.\n');
  });

  it('reviews a large diff in parts, one request per part, and leaves lockfiles out', async () => {
    writeFileSync(path.join(repo, 'src', 'retry.ts'), numbered('const retried', 40));
    writeFileSync(path.join(repo, 'src', 'config.ts'), 'export const config = { retries: 3 };\n');
    writeFileSync(path.join(repo, 'package-lock.json'), `${JSON.stringify({ lockfileVersion: 3, packages: {} }, null, 2)}\n`);
    const term = terminal(git('diff'));
    expect(await review(term, { chunkBytes: 1024, model: 'reviewer' })).toBe(0);
    const sent = cloud.requests.map((request) => messagesOf(request)[1]!.content);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const message of sent) expect(Buffer.byteLength(message)).toBeLessThan(1024 + 300);
    expect(sent.join('\n')).not.toContain('lockfileVersion');
    expect(term.stderr()).toBe('airlock: skipping package-lock.json (lockfile)\n');
    // Every part of the split file repeats its header, so the model knows which file it reads.
    const retryParts = sent.filter((message) => message.includes('const retried'));
    expect(retryParts.length).toBeGreaterThanOrEqual(2);
    for (const message of retryParts) expect(message).toContain('+++ b/src/retry.ts');
    expect(sent[0]).toMatch(/^Review part 1 of \d+ of a large diff \(files: src\/config\.ts\)/);
    expect(term.stdout()).toMatch(/^── Part 1 of \d+: src\/config\.ts ──\n\n- minor \(src\/config\.ts\): looks fine\.\n\n── Part 2 of /);
    expect((cloud.lastRequest().body as { model: string }).model).toBe('o3');
  });

  it('refuses a diff above the limit with advice, sending nothing', async () => {
    writeFileSync(path.join(repo, 'src', 'retry.ts'), numbered('const retried', 400));
    const term = terminal(git('diff'));
    await expect(review(term, { maxBytes: 4096 })).rejects.toThrow(
      /^The diff is \d+ KiB in 1 files, more than the 4 KiB airlock review takes\. Review it in parts/,
    );
    expect(cloud.requests).toHaveLength(0);
  });

  it('redacts a secret in the diff before it leaves, per the policy', async () => {
    writeFileSync(path.join(repo, 'src', 'config.ts'), `export const awsKeyId = '${AWS_KEY}';\n`);
    const term = terminal(git('diff'));
    expect(await review(term, { why: true })).toBe(0);
    expect(cloud.lastRequest().rawBody).not.toContain(AWS_KEY);
    expect(term.stderr()).toMatch(/action:\s+redact\n/);
  });

  it('exits 2 on input that is empty, not a diff, only lockfiles, or a terminal', async () => {
    const cases: [string | undefined, string][] = [
      ['', 'The diff is empty'],
      ['just some text\n', 'does not look like a unified diff'],
      [undefined, 'Pipe a diff in, e.g.: git diff | airlock review'],
    ];
    for (const [stdin, message] of cases) {
      const term = terminal(stdin);
      await runCommand(
        createReviewCommand(() => term.io),
        { rawArgs: ['--url', gateway.url] },
      );
      expect(term.exitCode()).toBe(2);
      expect(term.stderr()).toContain(message);
    }
    writeFileSync(path.join(repo, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    const lockOnly = terminal(git('diff'));
    await runCommand(
      createReviewCommand(() => lockOnly.io),
      { rawArgs: ['--url', gateway.url, '--max-bytes', '64k'] },
    );
    expect(lockOnly.exitCode()).toBe(2);
    expect(lockOnly.stderr()).toContain('Only lockfiles or binary files changed');
    expect(cloud.requests).toHaveLength(0);
  });

  it('reads a diff file named on the command line and takes --model', async () => {
    writeFileSync(path.join(repo, 'src', 'config.ts'), 'export const config = { retries: 5 };\n');
    writeFileSync(path.join(repo, 'changes.diff'), git('diff'));
    const term = terminal();
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      await runCommand(
        createReviewCommand(() => term.io),
        { rawArgs: ['changes.diff', '--url', gateway.url, '--model', 'reviewer'] },
      );
    } finally {
      process.chdir(cwd);
      rmSync(path.join(repo, 'changes.diff'));
    }
    expect(term.exitCode()).toBe(0);
    expect((cloud.lastRequest().body as { model: string }).model).toBe('o3');
    expect(messagesOf(cloud.lastRequest())[1]?.content).toContain('+export const config = { retries: 5 };');
  });
});
