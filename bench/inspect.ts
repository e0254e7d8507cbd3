/**
 * Inspection speed, with every detector on: throughput over real code (MB/s on one core) and the
 * latency of inspecting a typical 8 KB prompt (p50/p99). Run: `npm run bench:inspect`.
 * Writes bench/results/inspect.md. Targets (issue 3): >= 50 MB/s, p99 <= 0.3 ms for 8 KB.
 *
 * Throughput is reported twice. The gateway is a long-running process, so its capacity is the
 * steady state: each variant first inspects the whole corpus once (V8 compiles the hot code, on
 * this one thread, while it does), then the corpus is inspected again and timed. The first pass
 * is timed too, after a 200-file warm-up, so the cost of a cold process stays visible.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDefaultInspectConfig } from '../src/config/inspect-schema.js';
import { createInspector, type Inspector } from '../src/inspect/create-inspector.js';
import { createDetectors } from '../src/inspect/detectors/index.js';
import { injectionDetectors } from '../src/inspect/detectors/injection/index.js';
import { piiDetectors } from '../src/inspect/detectors/pii/index.js';
import type { Detector } from '../src/inspect/types.js';
import { BENCH_CORPUS_BYTES, BENCH_ROOT, loadBenchCorpus, timeDetectors } from './inspect-corpus.js';
import { renderInspectReport, type DetectorCost, type Latency, type Measurements, type Throughput } from './inspect-report.js';

const LATENCY_RUNS = Number(process.env['BENCH_RUNS'] ?? 5_000);
/** Timed steady-state passes per variant; the median is reported (the machine is shared). */
const STEADY_PASSES = Number(process.env['BENCH_PASSES'] ?? 3);

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
  return `${PROSE}\n\`\`\`ts\n${code.slice(0, 6_000)}\n\`\`\`\n${PROSE}`.slice(0, 8_192);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function measureLatency(inspect: (text: string) => unknown[], text: string): Latency {
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

/** Inspects every text once: MB/s by this process's CPU time (robust to a busy machine) and by wall clock. */
function timePass(
  inspect: (text: string) => unknown[],
  corpus: string[],
  megabytes: number,
): { cpu: number; wall: number; findings: number } {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  let findings = 0;
  for (const text of corpus) findings += inspect(text).length;
  const cpu = process.cpuUsage(cpuStart);
  return {
    cpu: megabytes / ((cpu.user + cpu.system) / 1e6),
    wall: megabytes / ((performance.now() - wallStart) / 1000),
    findings,
  };
}

function median(values: number[]): number {
  return [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)]!;
}

function measureThroughput(inspect: (text: string) => unknown[], corpus: string[], megabytes: number): Throughput {
  for (const text of corpus.slice(0, 200)) inspect(text);
  const first = timePass(inspect, corpus, megabytes);
  const steady = Array.from({ length: STEADY_PASSES }, () => timePass(inspect, corpus, megabytes));
  return {
    firstPassCpu: first.cpu,
    steadyCpu: median(steady.map((pass) => pass.cpu)),
    steadyWall: median(steady.map((pass) => pass.wall)),
    findings: first.findings,
  };
}

function familyOf(detector: Detector): string {
  if (piiDetectors.includes(detector)) return 'pii';
  return injectionDetectors.includes(detector) ? 'injection' : 'secret/config/code';
}

/** Wraps each detector's detect in a timer and runs the full engine over the corpus (warm: after the throughput passes). */
function measureDetectorCosts(detectors: Detector[], corpus: string[]): { costs: DetectorCost[]; totalMilliseconds: number } {
  const { timed, spent } = timeDetectors(detectors);
  const inspector = createInspector({ config: createDefaultInspectConfig(), fingerprintKey: 'bench', detectors: timed });
  for (const text of corpus) inspector.inspectText(text, { role: 'user' });
  const started = performance.now();
  spent.clear();
  for (const text of corpus) inspector.inspectText(text, { role: 'user' });
  const totalMilliseconds = performance.now() - started;
  const costs = detectors.map((detector) => ({ id: detector.id, family: familyOf(detector), milliseconds: spent.get(detector.id) ?? 0 }));
  return { costs: costs.sort((left, right) => right.milliseconds - left.milliseconds), totalMilliseconds };
}

function bind(inspector: Inspector): (text: string) => unknown[] {
  return (text) => inspector.inspectText(text, { role: 'user' });
}

function measureAll(corpus: string[]): Measurements {
  const config = createDefaultInspectConfig();
  const inspect = bind(createInspector({ config, fingerprintKey: 'bench' }));
  const bytes = corpus.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const megabytes = bytes / 1_000_000;
  const ownFamilies = createDetectors(config).filter((detector) => familyOf(detector) === 'secret/config/code');
  const variants: [string, (text: string) => unknown[]][] = [
    ['all detectors (secret, PII, config, code, injection)', inspect],
    ['secret, config and code detectors only', bind(createInspector({ config, fingerprintKey: 'bench', detectors: ownFamilies }))],
    [
      'engine only (prefilter, normalisation, decoding; no detectors)',
      bind(createInspector({ config, fingerprintKey: 'bench', detectors: [] })),
    ],
  ];
  const throughputs = variants.map(([name, run]) => [name, measureThroughput(run, corpus, megabytes)] as const);
  const prompt = createPrompt(corpus);
  const prose = PROSE.repeat(Math.ceil(8_192 / PROSE.length)).slice(0, 8_192);
  const codeOnly = (corpus.find((text) => text.length > 8_192) ?? prompt).slice(0, 8_192);
  return {
    bytes,
    files: corpus.length,
    root: path.relative(process.cwd(), BENCH_ROOT) || BENCH_ROOT,
    corpusMegabytes: BENCH_CORPUS_BYTES / 1_000_000,
    latencyRuns: LATENCY_RUNS,
    steadyPasses: STEADY_PASSES,
    throughputs,
    detectorCosts: measureDetectorCosts(createDetectors(config), corpus),
    latencies: {
      'mixed prompt (prose + fenced code)': measureLatency(inspect, prompt),
      'prose only': measureLatency(inspect, prose),
      'code only': measureLatency(inspect, codeOnly),
    },
  };
}

const report = renderInspectReport(measureAll(loadBenchCorpus().texts));
process.stdout.write(report);
if (process.env['BENCH_NO_WRITE'] === undefined) writeFileSync(path.join(import.meta.dirname, 'results', 'inspect.md'), report);
