import type { Detector } from '../types.js';
import type { InjectionSample } from './injection-corpus.js';
import { computeScores, createCounts, type Scores } from './scores.js';

/**
 * Runs a detector the way the engine does: only when one of its keywords occurs in the lower-cased
 * text (or always, with no keywords). Used when the full inspector is not available.
 */
export function runGated(detector: Detector, text: string, lowerCased: string): boolean {
  if (detector.keywords.length > 0 && !detector.keywords.some((keyword) => lowerCased.includes(keyword))) return false;
  return detector.detect(text, { role: 'user' }).length > 0;
}

/** Scores a text-level decision ("is this a jailbreak?") against the labels. */
export function evaluateInjection(samples: readonly InjectionSample[], flag: (text: string) => boolean): Scores {
  const counts = createCounts();
  for (const sample of samples) {
    const flagged = flag(sample.text);
    if (flagged && sample.isJailbreak) counts.truePositives++;
    else if (flagged) counts.falsePositives++;
    else if (sample.isJailbreak) counts.falseNegatives++;
  }
  return computeScores(counts);
}

/** Flags a text when any of `detectors` (run as the engine would) reports a match. */
export function createDetectorFlag(detectors: readonly Detector[]): (text: string) => boolean {
  return (text) => {
    const lowerCased = text.toLowerCase();
    return detectors.some((detector) => runGated(detector, text, lowerCased));
  };
}
