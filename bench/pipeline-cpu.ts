/**
 * `npm run bench:pipeline [-- VARIANT]`: the CPU one request costs inside the gateway process, without
 * HTTP or an upstream — the real gateway (inspector, policy, hooks: keys, limits, usage, audit) from
 * a bench variant's configuration, driving `handleRequest` with the 2 KB bench prompt one request at
 * a time, the destination's chat replaced by a canned answer. Prints CPU µs per request for the
 * main thread and each other thread (the audit log's and usage's writer threads, V8's GC helpers).
 * A tool for optimisation work, not a report: numbers depend on the machine.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateConfig } from '../src/config/load-config.js';
import { handleRequest } from '../src/pipeline/handle-request.js';
import type { RequestContext } from '../src/pipeline/request-context.js';
import { convertChatResponse } from '../src/providers/openai-compatible/convert-response.js';
import { startGateway } from '../src/server/start-gateway.js';
import { parseChatRequest } from '../src/surfaces/openai/convert-chat-request.js';
import { encodeChatResponse } from '../src/surfaces/openai/encode-chat.js';
import { createLogger } from '../src/telemetry/logger.js';
import { airlockVariants } from './airlock-variants.js';
import { readStatCpuMicros } from './processes.js';
import { createBenchBody } from './prompt.js';

const variantId = process.argv[2] ?? 'core';
const variant = airlockVariants.find((candidate) => candidate.id === variantId);
if (!variant) throw new Error(`unknown variant ${variantId}: ${airlockVariants.map((candidate) => candidate.id).join(', ')}`);
if (variant.headers) throw new Error(`variant ${variantId} needs a virtual key over HTTP; use npm run bench for it`);
Object.assign(process.env, variant.env ?? {});
const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-pipeline-'));
const config = { ...variant.config('http://127.0.0.1:9', directory), server: { port: 0, host: '127.0.0.1' } };
const running = await startGateway({
  loaded: validateConfig(config, 'bench', directory),
  logger: createLogger('warn'),
  waitUntilReady: true,
});
const { gateway } = running;

const ANSWER = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_741_569_952,
  model: 'bench-model',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'The function returns the sum of its arguments, handling nulls by treating them as zero.' },
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 512, completion_tokens: 20, total_tokens: 532 },
});
const provider = gateway.providers.get('upstream');
if (!provider) throw new Error('the variant has no destination named upstream');
provider.chat = async (request) => convertChatResponse(JSON.parse(ANSWER), request.model, 'upstream');
const body = createBenchBody('bench', false);

async function serveOne(index: number): Promise<void> {
  const controller = new AbortController();
  const context: RequestContext = {
    id: `bench-${index}`,
    surface: 'openai',
    startedAt: performance.now(),
    signal: controller.signal,
    principal: { anonymous: true },
    metadata: {},
    trace: {},
  };
  for (const hook of gateway.hooks.onRequest) await hook(context, {});
  // A different prompt each time, as in real traffic.
  const parsed = parseChatRequest(JSON.parse(body.replace('Explain', `Explain (${index})`)));
  const result = await handleRequest(gateway, context, { kind: 'chat', request: parsed.request, stream: false });
  if (result.result.type !== 'generate') throw new Error('expected a generated answer');
  JSON.stringify(encodeChatResponse(result.result.response, { id: context.id, created: 1, model: 'bench' }));
  for (const hook of gateway.hooks.beforeReply) await hook(context, 200);
  for (const hook of gateway.hooks.afterResponse) await hook(context, { status: 200, latencyMs: 1 });
}

/** CPU microseconds each thread of this process has used (Linux). */
function readThreadCpu(): Map<string, number> {
  const cpu = new Map<string, number>();
  for (const thread of readdirSync('/proc/self/task')) {
    const micros = readStatCpuMicros(`/proc/self/task/${thread}/stat`);
    if (micros !== undefined) cpu.set(thread, micros);
  }
  return cpu;
}

const N = Number(process.env['BENCH_REQUESTS'] ?? 20_000);
for (let index = 0; index < 5_000; index++) await serveOne(index);
const mainThread = String(process.pid);
for (let round = 0; round < 3; round++) {
  const before = readThreadCpu();
  for (let index = 0; index < N; index++) await serveOne(index);
  const after = readThreadCpu();
  const perThread = [...after].map(([thread, micros]) => [thread, (micros - (before.get(thread) ?? 0)) / N] as const);
  const total = perThread.reduce((sum, [, micros]) => sum + micros, 0);
  const main = perThread.find(([thread]) => thread === mainThread)?.[1] ?? 0;
  const others = perThread
    .filter(([thread, micros]) => thread !== mainThread && micros >= 1)
    .map(([, micros]) => micros.toFixed(0))
    .join(', ');
  console.log(`${variantId}: ${total.toFixed(0)} µs CPU per request (main thread ${main.toFixed(0)}; other threads ${others || 'none'})`);
}
await running.close();
