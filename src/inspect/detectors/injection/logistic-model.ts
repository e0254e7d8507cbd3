import { extractFeatures } from './hashed-features.js';

/** A hashed-feature logistic regression model as stored in `injection-model.json`. */
export interface HashedLogisticModel {
  format: 'airlock-hashed-logistic-v1';
  buckets: number;
  bias: number;
  weights: readonly number[];
}

/** The model's probability (0..1) that `text` is a jailbreak attempt. */
export function scoreJailbreak(model: HashedLogisticModel, text: string): number {
  const vector = extractFeatures(text, model.buckets);
  let score = model.bias;
  for (let index = 0; index < vector.indices.length; index++) {
    score += (model.weights[vector.indices[index]!] ?? 0) * vector.values[index]!;
  }
  return 1 / (1 + Math.exp(-score));
}
