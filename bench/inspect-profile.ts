/**
 * Profiling harness for the inspector: inspects the same real-code corpus as bench/inspect.ts with
 * every detector, N times, and prints MB/s. Run under the profiler to find hotspots:
 *   node --single-threaded --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/inspect-profile.ts
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createDefaultInspectConfig } from '../src/config/inspect-schema.js';
import { createInspector } from '../src/inspect/create-inspector.js';
import { listSourceFiles } from '../src/inspect/eval/measure-false-positives.js';

const CORPUS_BYTES = Number(process.env['BENCH_CORPUS_MB'] ?? 30) * 1_000_000;
const ROUNDS = Number(process.env['PROFILE_ROUNDS'] ?? 3);
const root = path.resolve(process.env['BENCH_ROOT'] ?? 'node_modules');

function loadCorpus(): { texts: string[]; bytes: number } {
  const texts: string[] = [];
  let bytes = 0;
  for (const file of listSourceFiles(root)) {
    if (bytes >= CORPUS_BYTES) break;
    if (statSync(file).size > 4 * 1024 * 1024) continue;
    const text = readFileSync(file, 'utf8');
    texts.push(text);
    bytes += Buffer.byteLength(text);
  }
  return { texts, bytes };
}

const { texts, bytes } = loadCorpus();
const inspector = createInspector({ config: createDefaultInspectConfig(), fingerprintKey: 'profile' });
for (const text of texts.slice(0, 200)) inspector.inspectText(text, { role: 'user' });
console.log('measuring');
for (let round = 0; round < ROUNDS; round++) {
  const cpuStart = process.cpuUsage();
  let findings = 0;
  for (const text of texts) findings += inspector.inspectText(text, { role: 'user' }).length;
  const cpu = process.cpuUsage(cpuStart);
  const seconds = (cpu.user + cpu.system) / 1e6;
  console.log(`round ${round}: ${(bytes / 1e6 / seconds).toFixed(1)} MB/s (CPU), ${findings} findings`);
}
