/** Renders the measurements of bench/inspect.ts as bench/results/inspect.md. */
import os from 'node:os';

export interface Throughput {
  /** MB/s by CPU time of the first pass over the corpus (after a 200-file warm-up): includes JIT compilation. */
  firstPassCpu: number;
  /** Median MB/s by CPU time of the passes after that one. */
  steadyCpu: number;
  steadyWall: number;
  findings: number;
}

export interface DetectorCost {
  id: string;
  family: string;
  milliseconds: number;
}

export interface Latency {
  p50: number;
  p99: number;
  mean: number;
}

export interface Measurements {
  bytes: number;
  files: number;
  root: string;
  corpusMegabytes: number;
  latencyRuns: number;
  steadyPasses: number;
  throughputs: (readonly [string, Throughput])[];
  detectorCosts: { costs: DetectorCost[]; totalMilliseconds: number };
  latencies: Record<string, Latency>;
}

function renderThroughput(measured: Measurements): string[] {
  return [
    '## Throughput, one core',
    '',
    `${(measured.bytes / 1_000_000).toFixed(1)} MB of real JavaScript/TypeScript (${measured.files} files from ${measured.root}), ` +
      'each file inspected as one text, V8 single-threaded (`--single-threaded`: the JIT compiles on the same thread). MB/s by CPU time ' +
      'of this process. **Steady state**: each variant inspects the corpus once untimed, then the median of ' +
      `${measured.steadyPasses} timed passes (the gateway is a long-running process). **First pass**: the pass right after a 200-file ` +
      'warm-up, which also pays for compiling the hot code. Target: >= 50 MB/s with all detectors.',
    '',
    '| detectors | steady state, MB/s (CPU) | steady state, MB/s (wall) | first pass, MB/s (CPU) | findings |',
    '|---|---|---|---|---|',
    ...measured.throughputs.map(
      ([name, value]) =>
        `| ${name} | ${value.steadyCpu.toFixed(1)} | ${value.steadyWall.toFixed(1)} | ${value.firstPassCpu.toFixed(1)} | ${value.findings} |`,
    ),
    '',
  ];
}

function renderCosts(measured: Measurements): string[] {
  const { costs, totalMilliseconds } = measured.detectorCosts;
  const inDetectors = costs.reduce((sum, cost) => sum + cost.milliseconds, 0);
  const families = new Map<string, number>();
  for (const cost of costs) families.set(cost.family, (families.get(cost.family) ?? 0) + cost.milliseconds);
  const share = (milliseconds: number) => `${((100 * milliseconds) / totalMilliseconds).toFixed(1)}%`;
  return [
    '## Where the time goes',
    '',
    'One warm pass of the full inspector over the same corpus with each detector timed where the engine calls it (only when its ' +
      'keywords let it run). The engine row is the rest: the prefilter pass, normalisation, decoding, merging and fingerprints.',
    '',
    '| part | ms | share |',
    '|---|---|---|',
    ...[...families].map(([family, milliseconds]) => `| ${family} detectors | ${milliseconds.toFixed(0)} | ${share(milliseconds)} |`),
    `| engine | ${(totalMilliseconds - inDetectors).toFixed(0)} | ${share(totalMilliseconds - inDetectors)} |`,
    `| total | ${totalMilliseconds.toFixed(0)} | 100% |`,
    '',
    'The 15 dearest detectors:',
    '',
    '| detector | family | ms | share of all time |',
    '|---|---|---|---|',
    ...costs.slice(0, 15).map((cost) => `| ${cost.id} | ${cost.family} | ${cost.milliseconds.toFixed(1)} | ${share(cost.milliseconds)} |`),
    '',
  ];
}

function renderLatency(measured: Measurements): string[] {
  return [
    `## Latency of one 8 KB text (inspectText, all detectors), over ${measured.latencyRuns} runs after 500 warm-up runs`,
    '',
    '| text | p50 (ms) | p99 (ms) | mean (ms) |',
    '|---|---|---|---|',
    ...Object.entries(measured.latencies).map(
      ([name, value]) => `| ${name} | ${value.p50.toFixed(3)} | ${value.p99.toFixed(3)} | ${value.mean.toFixed(3)} |`,
    ),
    '',
    'Target: p99 <= 0.3 ms for a typical 8 KB prompt.',
    '',
  ];
}

export function renderInspectReport(measured: Measurements): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return [
    '# Inspection benchmark',
    '',
    `Command: \`npm run bench:inspect\` (BENCH_CORPUS_MB=${measured.corpusMegabytes}, BENCH_RUNS=${measured.latencyRuns}, BENCH_PASSES=${measured.steadyPasses})`,
    `Machine: ${cpu}, ${os.cpus().length} cores (shared with other work; 1-minute load ${os.loadavg()[0]?.toFixed(2)} at the end), ` +
      `Node ${process.version}, ${os.platform()} ${os.arch()}`,
    `Date: ${new Date().toISOString().slice(0, 10)}`,
    '',
    ...renderThroughput(measured),
    ...renderCosts(measured),
    ...renderLatency(measured),
  ].join('\n');
}
