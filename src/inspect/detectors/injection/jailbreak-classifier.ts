import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import model from './injection-model.json' with { type: 'json' };
import { scoreJailbreak, type HashedLogisticModel } from './logistic-model.js';
import { looksLikeCode } from './looks-like-code.js';
import { weighByRole } from './role-weight.js';

const MODEL = model as HashedLogisticModel;

/** Probability at or above which a text is reported. */
export const JAILBREAK_THRESHOLD = 0.5;

// Jailbreak prompts address the model; almost all (≈97% of the training part) contain one of these.
// The engine runs the classifier only when one occurs, which keeps it off most code and data.
export const CLASSIFIER_KEYWORDS: readonly string[] = [
  'you',
  'pretend',
  'roleplay',
  'role-play',
  'act as',
  'persona',
  'character',
  'jailbreak',
  'ignore',
  'respond',
  'answer',
  'rules',
  'chatgpt',
  'simulate',
];

const MIN_LENGTH = 32;
// Feature extraction costs about 7 µs per KB and this runs on the hot path. A long text is judged
// on its first 2 KB and last 1 KB, where instructions to the model sit: on the held-out split this
// scored the same as reading 8 KB. The heuristics still read all of the text.
const WHOLE_TEXT_LIMIT = 3 * 1024;
const HEAD = 2 * 1024;
const TAIL = 1024;

/** The highest jailbreak probability over the parts of `text` the classifier reads. */
export function scoreText(text: string): number {
  if (text.length <= WHOLE_TEXT_LIMIT) return scoreJailbreak(MODEL, text);
  return Math.max(scoreJailbreak(MODEL, text.slice(0, HEAD)), scoreJailbreak(MODEL, text.slice(-TAIL)));
}

/**
 * Flags text that the trained jailbreak classifier (logistic regression over hashed word and
 * character n-grams, trained by `npm run train:injection`) scores at or above the threshold.
 * The match is a region covering the whole text: the classifier judges the text, not a phrase in it.
 */
export const jailbreakClassifierDetector: Detector = {
  id: 'injection-jailbreak-classifier',
  keywords: CLASSIFIER_KEYWORDS,
  detect(text: string, context: DetectContext): DetectorMatch[] {
    // The model never saw code and scores it unreliably; code is left to the heuristics.
    if (text.length < MIN_LENGTH || looksLikeCode(text)) return [];
    const probability = scoreText(text);
    if (probability < JAILBREAK_THRESHOLD) return [];
    const confidence = weighByRole(Math.round(probability * 100) / 100, context, true);
    // A region: the verdict covers the whole text and must not swallow the heuristics' findings in it.
    return [{ category: 'injection', type: 'jailbreak_classifier', start: 0, end: text.length, confidence, region: true }];
  },
};
