// Turns benchmark samples into the Markdown table written to bench/results and the README.
import os from 'node:os';

export interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  rssMiB: number;
  /** CPU time of the target process per request (µs), from /proc. */
  cpuMicrosPerRequest: number;
  failures: number;
}

interface ReportInput {
  samples: Map<string, Measurement[]>;
  targets: string[];
  connections: number;
  duration: number;
  rounds: number;
}

function median(values: number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((left, right) => left - right);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function renderReport(input: ReportInput): { markdown: string; json: unknown } {
  const rows: string[] = [];
  const json: Record<string, unknown> = {};
  for (const mode of ['json', 'stream'] as const) {
    const proxy = input.samples.get(`bare node:http proxy|${mode}`) ?? [];
    const proxyRps = median(proxy.map((sample) => sample.requestsPerSecond));
    const proxyP50 = median(proxy.map((sample) => sample.p50));
    for (const target of input.targets) {
      const samples = input.samples.get(`${target}|${mode}`) ?? [];
      const rps = median(samples.map((sample) => sample.requestsPerSecond));
      const p50 = median(samples.map((sample) => sample.p50));
      const p99 = median(samples.map((sample) => sample.p99));
      const rss = Math.max(...samples.map((sample) => sample.rssMiB).filter((value) => !Number.isNaN(value)));
      const failures = samples.reduce((sum, sample) => sum + sample.failures, 0);
      const cpu = median(samples.map((sample) => sample.cpuMicrosPerRequest));
      const ratio = rps / proxyRps;
      const added = p50 - proxyP50;
      json[`${target}|${mode}`] = {
        rps,
        p50,
        p99,
        rssMiB: rss,
        cpuMicrosPerRequest: cpu,
        failures,
        ratioToProxy: ratio,
        addedP50VsProxyMs: added,
      };
      rows.push(
        `| ${mode} | ${target} | ${rps.toFixed(0)} | ${(ratio * 100).toFixed(0)} % | ${p50.toFixed(2)} | ${added >= 0 ? '+' : ''}${added.toFixed(2)} | ${p99.toFixed(2)} | ${Number.isFinite(cpu) ? cpu.toFixed(0) : 'n/a'} | ${Number.isFinite(rss) ? rss.toFixed(0) : 'n/a'} | ${failures} |`,
      );
    }
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const markdown = `# Gateway benchmark

Command: \`npm run bench -- --connections=${input.connections} --duration=${input.duration} --rounds=${input.rounds}\`
Date: ${new Date().toISOString().slice(0, 10)}; machine: ${os.cpus().length} × ${cpu}, Node ${process.version}.
Load: autocannon, ${input.connections} connections, ${input.duration} s per run after a 1 s warm-up, 2 KB chat request,
${input.rounds} interleaved rounds (a different order each round); the table shows medians. Everything (load generator,
upstream, proxies, gateways) shares this machine, so compare ratios, not absolute numbers.

| mode | target | req/s | vs bare proxy | p50 ms | p50 added vs proxy | p99 ms | CPU µs/req | RSS MiB | failed |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
  return { markdown, json };
}
