// `npm run bench:first-token`: how much Airlock delays the first streamed token, and whether a
// restored value arrives as soon as its placeholder is complete (the restorer holds back no more
// than a partial placeholder). A loopback upstream streams an answer one delta every 20 ms; the bare
// proxy and Airlock relay it; each request is timed to its first content delta and, with a
// redacted e-mail address in the prompt, to the moment the restored address reaches the client.
// Writes bench/results/first-token.md. Not a test: the numbers depend on the machine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { stringify } from 'yaml';
import { airlockVariants } from './airlock-variants.js';
import { findFreePort, readFirstLine, startProcess, waitForUrl, type BenchProcess } from './processes.js';
import { createBenchBody } from './prompt.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 200);
const DELTA_MS = 20;
const EMAIL = 'jane.doe@acmecorp.io';
const root = path.resolve(import.meta.dirname, '..');
const started: BenchProcess[] = [];

/** OpenAI-style SSE, one delta every DELTA_MS; a placeholder in the prompt comes back split in two. */
function streamAnswer(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const placeholder = /<EMAIL_\d+>/.exec(Buffer.concat(chunks).toString())?.[0];
    const deltas = placeholder
      ? ['Write to ', placeholder.slice(0, 4), placeholder.slice(4), ' today.']
      : ['The', ' function', ' merges', ' intervals.'];
    const event = (delta: object, finish: string | null): string =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'bench-model', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(event({ role: 'assistant', content: '' }, null));
    let index = 0;
    const next = (): void => {
      if (index < deltas.length) {
        response.write(event({ content: deltas[index++] }, null));
        setTimeout(next, DELTA_MS);
        return;
      }
      response.end(`${event({}, 'stop')}data: [DONE]\n\n`);
    };
    next();
  });
}

interface Timing {
  firstToken: number;
  restored: number | undefined;
}

/** One streamed request: ms to the first non-empty content delta, and to the text containing `EMAIL`. */
async function timeOne(pool: Pool, body: string): Promise<Timing> {
  const startedAt = performance.now();
  const response = await pool.request({
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}: ${await response.body.text()}`);
  let text = '';
  let firstToken: number | undefined;
  let restored: number | undefined;
  for await (const chunk of response.body) {
    text += (chunk as Buffer).toString();
    if (firstToken === undefined && /"content":"[^"]/.test(text)) firstToken = performance.now() - startedAt;
    if (restored === undefined && text.includes(EMAIL)) restored = performance.now() - startedAt;
  }
  if (firstToken === undefined) throw new Error('no content arrived');
  return { firstToken, restored };
}

async function measure(url: string, body: string): Promise<{ firstToken: number[]; restored: number[] }> {
  const pool = new Pool(url, { connections: 1 });
  for (let index = 0; index < 10; index++) await timeOne(pool, body);
  const firstToken: number[] = [];
  const restored: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const timing = await timeOne(pool, body);
    firstToken.push(timing.firstToken);
    if (timing.restored !== undefined) restored.push(timing.restored);
  }
  await pool.close();
  return { firstToken, restored };
}

const percentile = (values: number[], fraction: number): string => {
  const sorted = [...values].sort((left, right) => left - right);
  const value = sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  return value === undefined ? 'n/a' : value.toFixed(2);
};

async function main(): Promise<void> {
  const upstream = createServer(streamAnswer);
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const address = upstream.address();
  const upstreamUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const proxy = startProcess('bare proxy', process.execPath, ['--import', 'tsx', path.join(root, 'bench/bare-proxy.ts'), '0', upstreamUrl]);
  started.push(proxy);
  const proxyUrl = `http://127.0.0.1:${await readFirstLine(proxy)}`;

  const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-first-token-'));
  const core = airlockVariants.find((variant) => variant.id === 'core');
  if (!core) throw new Error('no core variant');
  const config = {
    ...core.config(upstreamUrl, directory),
    // E-mail addresses leave as placeholders and come back restored.
    policy: {
      rules: [{ name: 'redact-email', when: { types: ['email'] }, action: 'redact', redact: { types: ['email'], mode: 'reversible' } }],
    },
  };
  const configFile = path.join(directory, 'airlock.yaml');
  writeFileSync(configFile, stringify(config));
  const port = await findFreePort();
  const airlock = startProcess('airlock', process.execPath, [
    path.join(root, 'bin/airlock.js'),
    'serve',
    '--config',
    configFile,
    '--port',
    String(port),
  ]);
  started.push(airlock);
  const airlockUrl = `http://127.0.0.1:${port}`;
  await waitForUrl(`${airlockUrl}/readyz`, 30_000, (status) => status === 200);

  const clean = createBenchBody('bench', true);
  const withEmail = clean.replace('Explain what', `Ask ${EMAIL} what`);
  const proxyClean = await measure(proxyUrl, clean.replace('"bench"', '"bench-model"'));
  const airlockClean = await measure(airlockUrl, clean);
  const airlockRedacted = await measure(airlockUrl, withEmail);
  upstream.close();

  const rows = [
    ['bare node:http proxy', proxyClean, '—'],
    ['Airlock, clean prompt', airlockClean, '—'],
    [
      'Airlock, e-mail redacted and restored',
      airlockRedacted,
      `${percentile(airlockRedacted.restored, 0.5)} / ${percentile(airlockRedacted.restored, 0.99)}`,
    ],
  ] as const;
  const markdown = `# Time to first streamed token

Command: \`npm run bench:first-token\` (BENCH_RUNS=${RUNS}); Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}; ${new Date().toISOString().slice(0, 10)}.
A loopback upstream streams four deltas ${DELTA_MS} ms apart; one request at a time. With the e-mail address
redacted, the upstream receives \`<EMAIL_1>\` and streams it back split across two deltas
(\`Write to \`, \`<EMA\`, \`IL_1>\`, \` today.\`), ${DELTA_MS} ms apart: the restored address can reach the
client no earlier than the second half, about ${2 * DELTA_MS} ms in.

| target | first token p50 / p99 (ms) | restored value p50 / p99 (ms) |
|---|---|---|
${rows.map(([name, timing, restored]) => `| ${name} | ${percentile(timing.firstToken, 0.5)} / ${percentile(timing.firstToken, 0.99)} | ${restored} |`).join('\n')}
`;
  writeFileSync(path.join(root, 'bench/results/first-token.md'), markdown);
  process.stdout.write(markdown);
}

try {
  await main();
} finally {
  await Promise.all(started.map((child) => child.stop()));
}
