import type { InspectConfig } from '../config/inspect-schema.js';
import { CLASSIFICATIONS, type Classification, type DetectorMatch, type FindingCategory } from './types.js';

/** The default level of each category; `inspect.classification.categories` overrides it. */
export const DEFAULT_CATEGORY_LEVELS: Readonly<Record<FindingCategory, Classification>> = {
  secret: 'restricted',
  pii: 'confidential',
  config: 'confidential',
  code: 'confidential',
  // Prompt injection is a threat, not a sensitivity: it is flagged separately (`injection: true`).
  injection: 'public',
};

/** Types whose level differs from their category's; `inspect.classification.types` overrides it. */
export const DEFAULT_TYPE_LEVELS: Readonly<Record<string, Classification>> = {
  // "This is code" alone says nothing about whose code: internal, not confidential.
  source_code: 'internal',
};

/** Maps findings to the request's classification: the highest level of any finding. */
export interface Classifier {
  levelOf(match: Pick<DetectorMatch, 'category' | 'type'>): Classification;
  classify(matches: readonly Pick<DetectorMatch, 'category' | 'type'>[]): Classification;
}

export function createClassifier(mapping: InspectConfig['classification']): Classifier {
  const categories: Record<string, Classification> = { ...DEFAULT_CATEGORY_LEVELS, ...mapping.categories };
  const types: Record<string, Classification> = { ...DEFAULT_TYPE_LEVELS, ...mapping.types };
  const rank = new Map<Classification, number>(CLASSIFICATIONS.map((level, index) => [level, index]));
  const levelOf = (match: Pick<DetectorMatch, 'category' | 'type'>): Classification =>
    types[match.type] ?? categories[match.category] ?? 'public';
  return {
    levelOf,
    classify(matches) {
      let highest = 0;
      for (const match of matches) highest = Math.max(highest, rank.get(levelOf(match)) ?? 0);
      return CLASSIFICATIONS[highest]!;
    },
  };
}
