// `npx tsx bench/metrics-record.ts`: CPU per request of the metrics observer (metrics.enabled),
// recording a typical answered request with one finding. Not a test: numbers depend on the machine.
import { createMetrics } from '../src/telemetry/metrics.js';
import type { RequestContext } from '../src/pipeline/request-context.js';

const metrics = createMetrics({ collectProcessMetrics: false });
const context = {
  surface: 'openai',
  trace: {
    stream: false,
    route: { model: 'bench', destination: 'upstream', upstreamModel: 'bench-model' },
    inspection: { classification: 'internal', injection: false, findings: [{ category: 'code', type: 'source_code' }] },
    decision: { action: 'allow', candidates: [] },
    usage: { inputTokens: 500, outputTokens: 20 },
  },
} as unknown as RequestContext;
const outcome = { status: 200, latencyMs: 1.2 };
const RUNS = Number(process.env['BENCH_RUNS'] ?? 500_000);
for (let index = 0; index < RUNS / 10; index++) metrics.record(context, outcome);
const started = process.cpuUsage();
for (let index = 0; index < RUNS; index++) metrics.record(context, outcome);
const used = process.cpuUsage(started);
console.log(`metrics.record: ${((used.user + used.system) / RUNS).toFixed(2)} µs of CPU per request`);
