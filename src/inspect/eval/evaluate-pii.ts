import type { GoldSpan, PiiSample } from './pii-corpus.js';
import { computeScores, createCounts, type Counts, type Scores } from './scores.js';

/** A predicted span (category `pii` findings only). */
export interface PredictedSpan {
  type: string;
  start: number;
  end: number;
}

/** One error kept for investigation: the sample index and the span (the eval prints these, never logs). */
export interface PiiError {
  kind: 'false-positive' | 'false-negative';
  sample: number;
  type: string;
  start: number;
  end: number;
}

export interface PiiEvaluation {
  scores: Map<string, Scores>;
  errors: PiiError[];
  /** How many gold spans each of our types had in the corpus. */
  support: Map<string, number>;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function tallySample(index: number, gold: GoldSpan[], predicted: PredictedSpan[], counts: Map<string, Counts>, errors: PiiError[]): void {
  for (const type of counts.keys()) {
    const tally = counts.get(type)!;
    const goldOfType = gold.filter((span) => span.type === type);
    const predictedOfType = predicted.filter((span) => span.type === type);
    for (const span of goldOfType) {
      if (predictedOfType.some((prediction) => overlaps(prediction, span))) tally.truePositives++;
      else {
        tally.falseNegatives++;
        errors.push({ kind: 'false-negative', sample: index, type, start: span.start, end: span.end });
      }
    }
    for (const prediction of predictedOfType) {
      if (goldOfType.some((span) => overlaps(prediction, span))) continue;
      tally.falsePositives++;
      errors.push({ kind: 'false-positive', sample: index, type, start: prediction.start, end: prediction.end });
    }
  }
}

/**
 * Scores predictions against the gold spans per type. Matching is by overlap: a gold span is found
 * when any prediction of the same type overlaps it (true positive, else false negative); a prediction
 * that overlaps no gold span of its type is a false positive. Predictions touching one gold span
 * twice (e.g. a number split in two) count once for recall and do not add false positives.
 */
export function evaluatePii(
  samples: readonly PiiSample[],
  types: readonly string[],
  predict: (text: string) => PredictedSpan[],
): PiiEvaluation {
  const counts = new Map(types.map((type) => [type, createCounts()]));
  const support = new Map(types.map((type) => [type, 0]));
  const errors: PiiError[] = [];
  samples.forEach((sample, index) => {
    for (const span of sample.spans) if (support.has(span.type)) support.set(span.type, support.get(span.type)! + 1);
    tallySample(index, sample.spans, predict(sample.text), counts, errors);
  });
  const scores = new Map([...counts].map(([type, tally]) => [type, computeScores(tally)]));
  return { scores, errors, support };
}
