import type { DetectContext } from '../types.js';

export interface LatencyReport {
  runs: number;
  /** Microseconds. */
  median: number;
  p99: number;
}

/** Times `run` (after a warm-up) and reports the median and 99th percentile in microseconds. */
export function measureLatency(run: () => void, runs = 2_000): LatencyReport {
  for (let index = 0; index < Math.min(200, runs); index++) run();
  const samples = new Float64Array(runs);
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    run();
    samples[index] = (performance.now() - started) * 1000;
  }
  samples.sort();
  return { runs, median: samples[Math.floor(runs / 2)]!, p99: samples[Math.min(runs - 1, Math.floor(runs * 0.99))]! };
}

/** Builds a text of exactly `length` characters by repeating `parts` in order. */
export function buildText(parts: readonly string[], length: number): string {
  let text = '';
  for (let index = 0; text.length < length && parts.length > 0; index++) text += `${parts[index % parts.length]}\n\n`;
  return text.slice(0, length);
}

/** A context for latency runs: prompts are user text. */
export const USER_CONTEXT: DetectContext = { role: 'user' };
