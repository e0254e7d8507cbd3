import type { DetectContext, Detector } from '../../../../src/inspect/types.js';

/** The substrings a detector flags in `text`, in order. */
export function findValues(detector: Detector, text: string, context: DetectContext = { role: 'user' }): string[] {
  return detector.detect(text, context).map((match) => text.slice(match.start, match.end));
}

/** Milliseconds a detector takes on `text` (for adversarial, backtracking-prone inputs). */
export function timeDetect(detector: Detector, text: string): number {
  const started = performance.now();
  detector.detect(text, { role: 'file' });
  return performance.now() - started;
}
