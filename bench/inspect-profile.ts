/**
 * Profiling harness for the inspector: inspects the same real-code corpus as bench/inspect.ts with
 * every detector, N times, and prints MB/s. Run under the profiler to find hotspots:
 *   node --single-threaded --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/inspect-profile.ts
 */
import { createDefaultInspectConfig } from '../src/config/inspect-schema.js';
import { createInspector } from '../src/inspect/create-inspector.js';
import { loadBenchCorpus } from './inspect-corpus.js';

const ROUNDS = Number(process.env['PROFILE_ROUNDS'] ?? 3);

const { texts, bytes } = loadBenchCorpus();
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
