/**
 * Inspection speed, with every detector on: throughput over real code (MB/s on one core) and the
 * latency of inspecting a typical 8 KB prompt (p50/p99). Run: `npm run bench:inspect`.
 * Writes bench/results/inspect.md. Targets (issue 3): >= 50 MB/s, p99 <= 0.3 ms for 8 KB.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDefaultInspectConfig } from '../src/config/inspect-schema.js';
import { createInspector, type Inspector } from '../src/inspect/create-inspector.js';
import type { Detector } from '../src/inspect/types.js';
import { createDetectors } from '../src/inspect/detectors/index.js';
import { injectionDetectors } from '../src/inspect/detectors/injection/index.js';
import { piiDetectors } from '../src/inspect/detectors/pii/index.js';
import { listSourceFiles } from '../src/inspect/eval/measure-false-positives.js';

const CORPUS_BYTES = Number(process.env['BENCH_CORPUS_MB'] ?? 30) * 1_000_000;
const LATENCY_RUNS = Number(process.env['BENCH_RUNS'] ?? 5_000);
const root = path.resolve(process.env['BENCH_ROOT'] ?? 'node_modules');

function loadCorpus(): string[] {
  const texts: string[] = [];
  let bytes = 0;
  for (const file of listSourceFiles(root)) {
    if (bytes >= CORPUS_BYTES) break;
    if (statSync(file).size > 4 * 1024 * 1024) continue;
    const text = readFileSync(file, 'utf8');
    texts.push(text);
    bytes += Buffer.byteLength(text);
  }
  return texts;
}

const PROSE = `I am working on the billing service and I need help understanding why the monthly invoice job
sometimes runs twice. The job is scheduled by a cron expression in the deployment manifest and it reads the
list of customers from the database, then creates one invoice per customer and sends it by email. Yesterday
two customers complained that they received the same invoice twice, a few minutes apart. Could you look at the
code below and tell me what could cause the duplicate run, and how I should make the job idempotent? Please
explain the reasoning step by step and suggest a small change I can test today. Thanks a lot for your help.
`;

/** A typical coding-assistant prompt: prose around about 6 KB of real code. */
function createPrompt(corpus: string[]): string {
  const code = corpus.find((text) => text.length > 8_000 && /\bfunction\b/.test(text)) ?? corpus[0]!;
  let prompt = `${PROSE}\n\`\`\`ts\n${code.slice(0, 6_000)}\n\`\`\`\n${PROSE}`;
  prompt = prompt.slice(0, 8_192);
  return prompt;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function measureLatency(inspect: (text: string) => unknown[], text: string): { p50: number; p99: number; mean: number } {
  for (let run = 0; run < 500; run++) inspect(text);
  const samples: number[] = [];
  for (let run = 0; run < LATENCY_RUNS; run++) {
    const started = process.hrtime.bigint();
    inspect(text);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
  samples.sort((left, right) => left - right);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), mean };
}

interface Throughput {
  wallMbPerSecond: number;
  cpuMbPerSecond: number;
  findings: number;
}

/** Inspects every text once; MB/s by wall clock and by this process's CPU time (robust to a busy machine). */
function measureThroughput(inspect: (text: string) => unknown[], corpus: string[], bytes: number): Throughput {
  for (const text of corpus.slice(0, 200)) inspect(text); // warm-up
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  let findings = 0;
  for (const text of corpus) findings += inspect(text).length;
  const cpu = process.cpuUsage(cpuStart);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const megabytes = bytes / 1_000_000;
  return { wallMbPerSecond: megabytes / wallSeconds, cpuMbPerSecond: megabytes / cpuSeconds, findings };
}

interface Measurements {
  bytes: number;
  files: number;
  throughputs: (readonly [string, Throughput])[];
  costs: DetectorCost[];
  latencies: Record<string, { p50: number; p99: number; mean: number }>;
}

function measureAll(corpus: string[]): Measurements {
  const config = createDefaultInspectConfig();
  const inspect = bind(createInspector({ config, fingerprintKey: 'bench' }));
  const bytes = corpus.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const ownFamilies = createDetectors(config).filter(
    (detector) => !piiDetectors.includes(detector) && !injectionDetectors.includes(detector),
  );
  const variants: [string, (text: string) => unknown[]][] = [
    ['all detectors (secret, PII, config, code, injection)', inspect],
    ['secret, config and code detectors only', bind(createInspector({ config, fingerprintKey: 'bench', detectors: ownFamilies }))],
    [
      'engine only (prefilter, normalisation, decoding; no detectors)',
      bind(createInspector({ config, fingerprintKey: 'bench', detectors: [] })),
    ],
  ];
  const prompt = createPrompt(corpus);
  const prose = PROSE.repeat(Math.ceil(8_192 / PROSE.length)).slice(0, 8_192);
  const codeOnly = (corpus.find((text) => text.length > 8_192) ?? prompt).slice(0, 8_192);
  return {
    bytes,
    files: corpus.length,
    throughputs: variants.map(([name, run]) => [name, measureThroughput(run, corpus, bytes)] as const),
    costs: measureDetectorCosts(createDetectors(config), corpus),
    latencies: {
      'mixed prompt (prose + fenced code)': measureLatency(inspect, prompt),
      'prose only': measureLatency(inspect, prose),
      'code only': measureLatency(inspect, codeOnly),
    },
  };
}

function renderReport(measured: Measurements): string {
  const { bytes, files, throughputs, costs, latencies } = measured;
  return [
    '# Inspection benchmark',
    '',
    `Command: \`npm run bench:inspect\` (BENCH_CORPUS_MB=${CORPUS_BYTES / 1_000_000}, BENCH_RUNS=${LATENCY_RUNS})`,
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores (shared with other work), Node ${process.version}, ${os.platform()} ${os.arch()}`,
    `Date: ${new Date().toISOString().slice(0, 10)}`,
    '',
    '## Throughput, one core',
    '',
    `${(bytes / 1_000_000).toFixed(1)} MB of real JavaScript/TypeScript (${files} files from ${path.relative(process.cwd(), root) || root}), ` +
      'each file inspected as one text, V8 single-threaded. MB/s by CPU time of this process, and by wall clock. Target: >= 50 MB/s with all detectors.',
    '',
    '| detectors | MB/s (CPU) | MB/s (wall) | findings |',
    '|---|---|---|---|',
    ...throughputs.map(
      ([name, value]) => `| ${name} | ${value.cpuMbPerSecond.toFixed(1)} | ${value.wallMbPerSecond.toFixed(1)} | ${value.findings} |`,
    ),
    '',
    '## Where the time goes',
    '',
    'Time inside each detector over the same corpus (only when its keywords let it run), the 15 dearest; ' +
      'the engine row above is the rest (prefilter, normalisation, decoding, merge, fingerprints).',
    '',
    '| detector | family | ms | share of detector time |',
    '|---|---|---|---|',
    ...costs.slice(0, 15).map((cost) => `| ${cost.id} | ${cost.family} | ${cost.milliseconds.toFixed(0)} | ${cost.share.toFixed(1)}% |`),
    '',
    `## Latency of one 8 KB text (inspectText, all detectors), over ${LATENCY_RUNS} runs`,
    '',
    '| text | p50 (ms) | p99 (ms) | mean (ms) |',
    '|---|---|---|---|',
    ...Object.entries(latencies).map(
      ([name, value]) => `| ${name} | ${value.p50.toFixed(3)} | ${value.p99.toFixed(3)} | ${value.mean.toFixed(3)} |`,
    ),
    '',
    'Target: p99 <= 0.3 ms for a typical 8 KB prompt.',
    '',
  ].join('\n');
}

function main(): void {
  const report = renderReport(measureAll(loadCorpus()));
  process.stdout.write(report);
  if (process.env['BENCH_NO_WRITE'] === undefined) writeFileSync(path.join(import.meta.dirname, 'results', 'inspect.md'), report);
}

interface DetectorCost {
  id: string;
  family: string;
  milliseconds: number;
  share: number;
}

/** Wraps each detector's detect in a timer and runs the full engine over the corpus once. */
function measureDetectorCosts(detectors: Detector[], corpus: string[]): DetectorCost[] {
  const spent = new Map<string, number>();
  const timed = detectors.map(
    (detector): Detector => ({
      ...detector,
      detect(text, context) {
        const started = performance.now();
        try {
          return detector.detect(text, context);
        } finally {
          spent.set(detector.id, (spent.get(detector.id) ?? 0) + performance.now() - started);
        }
      },
    }),
  );
  const inspector = createInspector({ config: createDefaultInspectConfig(), fingerprintKey: 'bench', detectors: timed });
  for (const text of corpus) inspector.inspectText(text, { role: 'user' });
  const total = [...spent.values()].reduce((sum, value) => sum + value, 0);
  const familyOf = (detector: Detector): string =>
    piiDetectors.includes(detector) ? 'pii' : injectionDetectors.includes(detector) ? 'injection' : 'secret/config/code';
  return detectors
    .map((detector) => ({
      id: detector.id,
      family: familyOf(detector),
      milliseconds: spent.get(detector.id) ?? 0,
      share: (100 * (spent.get(detector.id) ?? 0)) / total,
    }))
    .sort((left, right) => right.milliseconds - left.milliseconds);
}

function bind(inspector: Inspector): (text: string) => unknown[] {
  return (text) => inspector.inspectText(text, { role: 'user' });
}

main();
