/**
 * Where inspection time goes, in steady state: the full inspector (every detector) runs over the
 * real-code corpus several rounds; each detector's `detect` is timed as the engine calls it (with
 * its anchors and shared analysis), and the rest of the inspector's time is the engine's
 * (prefilter pass, normalisation, decoding, merge, fingerprints). The best round of each is kept.
 * A tool for optimisation work, not a report: `npx tsx bench/inspect-components.ts`
 * (BENCH_CORPUS_MB, PROFILE_ROUNDS, ONLY=<detector id part>, TOP).
 */
import { createDefaultInspectConfig } from '../src/config/inspect-schema.js';
import { createInspector } from '../src/inspect/create-inspector.js';
import { createDetectors } from '../src/inspect/detectors/index.js';
import { loadBenchCorpus, timeDetectors } from './inspect-corpus.js';

const ROUNDS = Number(process.env['PROFILE_ROUNDS'] ?? 5);
const only = process.env['ONLY'];

const { texts, bytes } = loadBenchCorpus();

const config = createDefaultInspectConfig();
const detectors = createDetectors(config).filter((detector) => only === undefined || detector.id.includes(only));
const { timed, spent, calls } = timeDetectors(detectors);
const inspector = createInspector({ config, fingerprintKey: 'components', detectors: timed });
const best = new Map<string, number>();
let bestTotal = Number.POSITIVE_INFINITY;
let bestEngine = Number.POSITIVE_INFINITY;
for (let round = 0; round < ROUNDS; round++) {
  spent.clear();
  calls.clear();
  const started = performance.now();
  for (const text of texts) inspector.inspectText(text, { role: 'user' });
  const total = performance.now() - started;
  const inDetectors = [...spent.values()].reduce((sum, value) => sum + value, 0);
  bestTotal = Math.min(bestTotal, total);
  bestEngine = Math.min(bestEngine, total - inDetectors);
  for (const [id, value] of spent) best.set(id, Math.min(best.get(id) ?? Number.POSITIVE_INFINITY, value));
}
console.log(
  `${texts.length} texts, ${(bytes / 1e6).toFixed(1)} MB: inspector ${bestTotal.toFixed(0)} ms (${((bytes / 1e6 / bestTotal) * 1000).toFixed(1)} MB/s), ` +
    `engine and timing overhead ${bestEngine.toFixed(0)} ms`,
);
for (const [id, value] of [...best].sort((left, right) => right[1] - left[1]).slice(0, Number(process.env['TOP'] ?? 30))) {
  console.log(`${value.toFixed(1).padStart(8)} ms  ${id} (runs on ${calls.get(id)} texts)`);
}
