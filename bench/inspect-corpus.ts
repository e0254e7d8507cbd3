// Shared by the inspection benchmark and its profiling tools: the real-code corpus, and detectors
// whose `detect` is timed as the engine calls it.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { listSourceFiles } from '../src/inspect/eval/measure-false-positives.js';
import type { Detector } from '../src/inspect/types.js';

/** Where the corpus comes from (BENCH_ROOT, default node_modules) and how much (BENCH_CORPUS_MB, default 30). */
export const BENCH_ROOT = path.resolve(process.env['BENCH_ROOT'] ?? 'node_modules');
export const BENCH_CORPUS_BYTES = Number(process.env['BENCH_CORPUS_MB'] ?? 30) * 1_000_000;

/** Real source files from BENCH_ROOT, up to BENCH_CORPUS_BYTES. */
export function loadBenchCorpus(): { texts: string[]; bytes: number } {
  const texts: string[] = [];
  let bytes = 0;
  for (const file of listSourceFiles(BENCH_ROOT)) {
    if (bytes >= BENCH_CORPUS_BYTES) break;
    if (statSync(file).size > 4 * 1024 * 1024) continue;
    const text = readFileSync(file, 'utf8');
    texts.push(text);
    bytes += Buffer.byteLength(text);
  }
  return { texts, bytes };
}

/** Wraps each detector so the time spent in it (ms) and its calls are counted by id. */
export function timeDetectors(detectors: readonly Detector[]): {
  timed: Detector[];
  spent: Map<string, number>;
  calls: Map<string, number>;
} {
  const spent = new Map<string, number>();
  const calls = new Map<string, number>();
  const timed = detectors.map((detector): Detector => ({
    ...detector,
    detect(text, context) {
      const started = performance.now();
      try {
        return detector.detect(text, context);
      } finally {
        spent.set(detector.id, (spent.get(detector.id) ?? 0) + performance.now() - started);
        calls.set(detector.id, (calls.get(detector.id) ?? 0) + 1);
      }
    },
  }));
  return { timed, spent, calls };
}
