import { pathToFileURL } from 'node:url';
import { evaluatePii, type PredictedSpan } from './evaluate-pii.js';
import type { PiiSample } from './pii-corpus.js';
import type { Scores } from './scores.js';

/** The part of the `compromise` NLP library's API this comparison uses. */
interface CompromiseMatch {
  offset: { start: number; length: number };
}
interface CompromiseDocument {
  people(): { json(options: { offset: true }): CompromiseMatch[] };
  places(): { json(options: { offset: true }): CompromiseMatch[] };
}
type Compromise = (text: string) => CompromiseDocument;

export interface CompromiseComparison {
  person: Scores;
  streetAddress: Scores;
  /** Microseconds per KB of corpus text. */
  microsecondsPerKilobyte: number;
}

function toSpans(type: string, matches: CompromiseMatch[]): PredictedSpan[] {
  return matches.map((match) => ({ type, start: match.offset.start, end: match.offset.start + match.offset.length }));
}

/**
 * Measures the `compromise` library (people → person, places → street_address) on the corpus, to
 * compare with the context heuristics. It is not a dependency: `modulePath` points at an install
 * made for the comparison (see docs/evaluation.md).
 */
export async function evaluateCompromise(modulePath: string, samples: readonly PiiSample[]): Promise<CompromiseComparison> {
  const imported = (await import(pathToFileURL(modulePath).href)) as { default: Compromise };
  const nlp = imported.default;
  const started = performance.now();
  const evaluation = evaluatePii(samples, ['person', 'street_address'], (text) => {
    const document = nlp(text);
    return [
      ...toSpans('person', document.people().json({ offset: true })),
      ...toSpans('street_address', document.places().json({ offset: true })),
    ];
  });
  const elapsed = performance.now() - started;
  const kilobytes = samples.reduce((total, sample) => total + sample.text.length, 0) / 1024;
  return {
    person: evaluation.scores.get('person')!,
    streetAddress: evaluation.scores.get('street_address')!,
    microsecondsPerKilobyte: (elapsed * 1000) / kilobytes,
  };
}
