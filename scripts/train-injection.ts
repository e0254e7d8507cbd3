/**
 * Trains the jailbreak classifier on the training part of the injection corpus and writes
 * src/inspect/detectors/injection/injection-model.json. Deterministic: the same corpus gives
 * byte-identical weights (fixed split seed, fixed shuffle seed, fixed arithmetic order).
 *
 *   npm run train:injection [-- --corpus PATH]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadInjectionCorpus, splitInjectionCorpus } from '../src/inspect/eval/injection-corpus.js';
import { INJECTION_TRAINING_OPTIONS, trainLogisticRegression } from '../src/inspect/eval/train-logistic-regression.js';

const DEFAULT_CORPUS = fileURLToPath(new URL('../../shared/corpora/injection-train.csv', import.meta.url));
const MODEL_PATH = fileURLToPath(new URL('../src/inspect/detectors/injection/injection-model.json', import.meta.url));

function main(): void {
  const { values } = parseArgs({ options: { corpus: { type: 'string', default: DEFAULT_CORPUS } } });
  const { train, test } = splitInjectionCorpus(loadInjectionCorpus(values.corpus!));
  const model = trainLogisticRegression(train, INJECTION_TRAINING_OPTIONS);
  writeFileSync(MODEL_PATH, `${JSON.stringify(model)}\n`);
  console.log(`trained on ${train.length} samples (${test.length} held out); wrote ${MODEL_PATH}`);
}

main();
