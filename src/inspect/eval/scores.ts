/** Counts for one type: true positives, false positives, false negatives. */
export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface Scores extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

/** Creates an empty tally. */
export function createCounts(): Counts {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
}

/** Precision, recall and F1 from counts; an empty denominator scores 0 (nothing to credit). */
export function computeScores(counts: Counts): Scores {
  const { truePositives, falsePositives, falseNegatives } = counts;
  const precision = truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 0 : truePositives / (truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...counts, precision, recall, f1 };
}

/** Formats a ratio for the report (three decimals, or an em dash when undefined). */
export function formatRatio(value: number, defined = true): string {
  return defined ? value.toFixed(3) : '—';
}
