import type { Finding } from '../types.js';
import type { InjectionSample } from './injection-corpus.js';
import { evaluateInjection } from './evaluate-injection.js';
import type { Scores } from './scores.js';

export interface InjectionVariantScores {
  heuristics: Scores;
  classifier: Scores;
  combined: Scores;
}

/**
 * Scores the injection family three ways from one inspection per sample: the heuristics alone
 * (any injection finding but the classifier's), the classifier alone, and both (any injection
 * finding, which is what sets the request's injection flag).
 */
export function evaluateInjectionVariants(
  samples: readonly InjectionSample[],
  inspect: (text: string) => Finding[],
): InjectionVariantScores {
  const findings = new Map(
    samples.map((sample) => [sample.text, inspect(sample.text).filter((finding) => finding.category === 'injection')]),
  );
  const flagWith = (keep: (finding: Finding) => boolean) => (text: string) => (findings.get(text) ?? []).some(keep);
  return {
    heuristics: evaluateInjection(
      samples,
      flagWith((finding) => finding.type !== 'jailbreak_classifier'),
    ),
    classifier: evaluateInjection(
      samples,
      flagWith((finding) => finding.type === 'jailbreak_classifier'),
    ),
    combined: evaluateInjection(
      samples,
      flagWith(() => true),
    ),
  };
}
