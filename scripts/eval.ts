/**
 * Measures detector quality and writes docs/evaluation.md:
 *   - PII precision/recall/F1 per type on ../shared/corpora/pii-dev.json,
 *   - injection precision/recall/F1 on the held-out split of ../shared/corpora/injection-train.csv,
 *   - findings per MB on real JavaScript/TypeScript (node_modules), listing every secret finding.
 *
 *   npm run eval [-- --code-megabytes 60] [-- --compromise PATH/TO/compromise/src/three.js]
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDefaultInspectConfig } from '../src/config/inspect-schema.js';
import { createInspector, type Inspector } from '../src/inspect/create-inspector.js';
import { scoreText } from '../src/inspect/detectors/injection/jailbreak-classifier.js';
import { evaluateCompromise } from '../src/inspect/eval/evaluate-compromise.js';
import { evaluateInjectionVariants } from '../src/inspect/eval/evaluate-injection-variants.js';
import { evaluatePii } from '../src/inspect/eval/evaluate-pii.js';
import { CONTEXTUAL_PII_TYPES, STRUCTURED_PII_TYPES, type EvaluationReport } from '../src/inspect/eval/evaluation-report.js';
import { loadInjectionCorpus, splitInjectionCorpus } from '../src/inspect/eval/injection-corpus.js';
import { measureFalsePositives } from '../src/inspect/eval/measure-false-positives.js';
import { buildText, measureLatency, USER_CONTEXT } from '../src/inspect/eval/measure-latency.js';
import { loadPiiCorpus } from '../src/inspect/eval/pii-corpus.js';
import { renderEvaluation } from '../src/inspect/eval/render-evaluation.js';

const fromRepository = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));
const MODEL_PATH = fromRepository('src/inspect/detectors/injection/injection-model.json');

function describeMachine(): EvaluationReport['machine'] {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.versions.node,
    platform: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg()[0] ?? 0,
  };
}

function evaluatePiiCorpus(inspector: Inspector, corpus: string): EvaluationReport['pii'] {
  const samples = loadPiiCorpus(corpus);
  const types = [...STRUCTURED_PII_TYPES, ...CONTEXTUAL_PII_TYPES];
  const evaluation = evaluatePii(samples, types, (text) =>
    inspector.inspectText(text, USER_CONTEXT).filter((finding) => finding.category === 'pii'),
  );
  return { corpus: 'shared/corpora/pii-dev.json', samples: samples.length, evaluation, sampleTexts: samples.map((sample) => sample.text) };
}

function evaluateInjectionCorpus(inspector: Inspector, corpus: string): EvaluationReport['injection'] {
  const { train, test } = splitInjectionCorpus(loadInjectionCorpus(corpus));
  const variants = evaluateInjectionVariants(test, (text) => inspector.inspectText(text, USER_CONTEXT));
  const prose = buildText(
    test.filter((sample) => !sample.isJailbreak).map((sample) => sample.text),
    8192,
  );
  const model = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as { buckets: number };
  return {
    corpus: 'shared/corpora/injection-train.csv',
    trainCount: train.length,
    testCount: test.length,
    testJailbreaks: test.filter((sample) => sample.isJailbreak).length,
    variants,
    modelBytes: statSync(MODEL_PATH).size,
    buckets: model.buckets,
    classifierLatency: measureLatency(() => scoreText(prose)),
  };
}

function measurePromptLatency(inspector: Inspector, injectionCorpus: string): EvaluationReport['latency'] {
  const { test } = splitInjectionCorpus(loadInjectionCorpus(injectionCorpus));
  const prose = buildText(
    test.filter((sample) => !sample.isJailbreak).map((sample) => sample.text),
    8192,
  );
  const code = buildText([readFileSync(fromRepository('src/inspect/create-inspector.ts'), 'utf8')], 8192);
  return {
    prose: measureLatency(() => inspector.inspectText(prose, USER_CONTEXT)),
    code: measureLatency(() => inspector.inspectText(code, USER_CONTEXT)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pii: { type: 'string', default: fromRepository('../shared/corpora/pii-dev.json') },
      injection: { type: 'string', default: fromRepository('../shared/corpora/injection-train.csv') },
      'code-root': { type: 'string', default: fromRepository('node_modules') },
      'code-megabytes': { type: 'string', default: '60' },
      compromise: { type: 'string' },
      out: { type: 'string', default: fromRepository('docs/evaluation.md') },
    },
  });
  const inspector = createInspector({ config: createDefaultInspectConfig(), fingerprintKey: 'airlock-evaluation' });
  const pii = evaluatePiiCorpus(inspector, values.pii!);
  const report: EvaluationReport = {
    command: 'npm run eval',
    date: new Date().toISOString().slice(0, 10),
    machine: describeMachine(),
    pii,
    injection: evaluateInjectionCorpus(inspector, values.injection!),
    latency: measurePromptLatency(inspector, values.injection!),
    code: measureFalsePositives({ root: values['code-root'], maxBytes: Number(values['code-megabytes']) * 1_000_000, inspector }),
  };
  if (values.compromise !== undefined) report.compromise = await evaluateCompromise(values.compromise, loadPiiCorpus(values.pii!));
  writeFileSync(values.out!, `${renderEvaluation(report)}\n`);
  console.log(`wrote ${values.out}`);
}

await main();
