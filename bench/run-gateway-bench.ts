// `npm run bench`: Airlock against the upstream directly, a bare node:http proxy and the Portkey
// gateway, under the same autocannon load, JSON and streaming, interleaved rounds, medians.
// Writes bench/results/gateway.md and gateway.json. Not a test: numbers depend on the machine.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { stringify } from 'yaml';
import { createBenchBody } from './prompt.js';
import { findFreePort, readCpuMicros, readFirstLine, readRssMiB, startProcess, waitForUrl, type BenchProcess } from './processes.js';
import { airlockVariants, type AirlockVariant } from './airlock-variants.js';
import { renderReport, type Measurement } from './render-report.js';

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const connections = Number(args.get('connections') ?? 8);
const duration = Number(args.get('duration') ?? 5);
const rounds = Number(args.get('rounds') ?? 3);
const only = args.get('variants')?.split(',');

interface Target {
  name: string;
  url: string;
  model: string;
  headers: Record<string, string>;
  process?: BenchProcess;
}

const root = path.resolve(import.meta.dirname, '..');
const tsx = ['--import', 'tsx'];
const started: BenchProcess[] = [];

async function main(): Promise<void> {
  const upstream = startProcess('upstream', process.execPath, [...tsx, path.join(root, 'bench/fast-upstream.ts'), '0']);
  started.push(upstream);
  const upstreamUrl = `http://127.0.0.1:${await readFirstLine(upstream)}`;
  const proxy = startProcess('bare proxy', process.execPath, [...tsx, path.join(root, 'bench/bare-proxy.ts'), '0', upstreamUrl]);
  started.push(proxy);
  const proxyUrl = `http://127.0.0.1:${await readFirstLine(proxy)}`;
  const portkeyPort = await findFreePort();
  const portkey = startProcess('portkey', process.execPath, [
    path.join(root, 'node_modules/@portkey-ai/gateway/build/start-server.js'),
    `--port=${portkeyPort}`,
    '--headless',
  ]);
  started.push(portkey);
  await waitForUrl(`http://127.0.0.1:${portkeyPort}/`);

  const minimal = startProcess('minimal gateway', process.execPath, [
    ...tsx,
    path.join(root, 'bench/minimal-gateway.ts'),
    '0',
    upstreamUrl,
  ]);
  started.push(minimal);
  const minimalUrl = `http://127.0.0.1:${await readFirstLine(minimal)}`;
  const minimalInspecting = startProcess('minimal gateway + inspection', process.execPath, [
    ...tsx,
    path.join(root, 'bench/minimal-gateway.ts'),
    '0',
    upstreamUrl,
    'inspect',
  ]);
  started.push(minimalInspecting);
  const minimalInspectingUrl = `http://127.0.0.1:${await readFirstLine(minimalInspecting)}`;

  const targets: Target[] = [
    { name: 'upstream direct', url: `${upstreamUrl}/v1/chat/completions`, model: 'bench-model', headers: {}, process: upstream },
    { name: 'bare node:http proxy', url: `${proxyUrl}/v1/chat/completions`, model: 'bench-model', headers: {}, process: proxy },
    {
      name: 'Portkey gateway 1.15.2',
      url: `http://127.0.0.1:${portkeyPort}/v1/chat/completions`,
      model: 'bench-model',
      headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamUrl}/v1`, authorization: 'Bearer bench' },
      process: portkey,
    },
    {
      name: 'minimal gateway: parse + re-serialise',
      url: `${minimalUrl}/v1/chat/completions`,
      model: 'bench',
      headers: {},
      process: minimal,
    },
    {
      name: 'minimal gateway + Airlock inspector',
      url: `${minimalInspectingUrl}/v1/chat/completions`,
      model: 'bench',
      headers: {},
      process: minimalInspecting,
    },
  ];
  for (const variant of airlockVariants.filter((candidate) => !only || only.includes(candidate.id))) {
    targets.push(await startAirlock(variant, upstreamUrl));
  }

  const samples = new Map<string, Measurement[]>();
  for (let round = 0; round < rounds; round++) {
    for (const stream of [false, true]) {
      // Interleave: a different order each round, so drift in the machine does not favour anyone.
      const order = rotate(targets, round);
      for (const target of order) {
        const measurement = await measure(target, stream);
        const key = `${target.name}|${stream ? 'stream' : 'json'}`;
        samples.set(key, [...(samples.get(key) ?? []), measurement]);
        process.stderr.write(
          `round ${round + 1} ${stream ? 'stream' : 'json  '} ${target.name.padEnd(32)} ${measurement.requestsPerSecond.toFixed(0)} req/s p50 ${measurement.p50.toFixed(2)} ms\n`,
        );
      }
    }
  }
  const report = renderReport({ samples, targets: targets.map((target) => target.name), connections, duration, rounds });
  const name = `gateway-${connections}c`;
  writeFileSync(path.join(root, `bench/results/${name}.md`), report.markdown);
  writeFileSync(path.join(root, `bench/results/${name}.json`), `${JSON.stringify(report.json, null, 2)}\n`);
  process.stdout.write(report.markdown);
}

async function startAirlock(variant: AirlockVariant, upstreamUrl: string): Promise<Target> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-'));
  const port = await findFreePort();
  const configFile = path.join(directory, 'airlock.yaml');
  writeFileSync(configFile, stringify(variant.config(upstreamUrl, directory)));
  const airlock = startProcess(
    `airlock ${variant.id}`,
    process.execPath,
    [path.join(root, 'bin/airlock.js'), 'serve', '--config', configFile, '--port', String(port)],
    variant.env ?? {},
  );
  started.push(airlock);
  await waitForUrl(`http://127.0.0.1:${port}/readyz`, 30_000, (status) => status === 200);
  const headers = variant.headers ? await variant.headers(`http://127.0.0.1:${port}`, configFile) : {};
  return {
    name: `Airlock (${variant.label})`,
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    model: 'bench',
    headers,
    process: airlock,
  };
}

async function measure(target: Target, stream: boolean): Promise<Measurement> {
  const options = {
    url: target.url,
    method: 'POST' as const,
    connections,
    headers: { 'content-type': 'application/json', ...target.headers },
    body: createBenchBody(target.model, stream),
  };
  await autocannon({ ...options, duration: 1 }); // warm-up: JIT, pools, keep-alive sockets
  // autocannon's histogram keeps whole milliseconds; its per-response event has the exact
  // hrtime duration, so percentiles are computed from those.
  const latencies: number[] = [];
  const cpuBefore = readCpuMicros(target.process?.child.pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...options, duration }, (error, finished) => (error ? reject(error) : resolve(finished)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode < 300) latencies.push(responseTime);
    });
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  if (failures > 0)
    process.stderr.write(`  ${target.name}: ${failures} failed requests (non-2xx ${result.non2xx}, errors ${result.errors})\n`);
  latencies.sort((left, right) => left - right);
  const percentile = (fraction: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(fraction * latencies.length))] ?? Number.NaN;
  return {
    requestsPerSecond: result.requests.average,
    p50: percentile(0.5),
    p99: percentile(0.99),
    rssMiB: readRssMiB(target.process?.child.pid) ?? Number.NaN,
    cpuMicrosPerRequest: cpuPerRequest(cpuBefore, readCpuMicros(target.process?.child.pid), result.requests.total),
    failures,
  };
}

/** CPU the target process spent per answered request during the timed run. */
function cpuPerRequest(before: number | undefined, after: number | undefined, requests: number): number {
  if (before === undefined || after === undefined || requests === 0) return Number.NaN;
  return (after - before) / requests;
}

function rotate<T>(items: T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

try {
  await main();
} finally {
  await Promise.all(started.map((child) => child.stop()));
}
