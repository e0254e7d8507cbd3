import { describe, expect, it } from 'vitest';
import { createDetectorFlag, evaluateInjection } from '../../../src/inspect/eval/evaluate-injection.js';
import { evaluateInjectionVariants } from '../../../src/inspect/eval/evaluate-injection-variants.js';
import type { Detector, Finding } from '../../../src/inspect/types.js';

const samples = [
  { text: 'attack one', isJailbreak: true },
  { text: 'attack two', isJailbreak: true },
  { text: 'hello', isJailbreak: false },
];

describe('evaluateInjection', () => {
  it('scores a text-level flag against the labels', () => {
    const scores = evaluateInjection(samples, (text) => text.includes('one') || text === 'hello');
    expect(scores).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1 });
  });

  it('runs a detector only when one of its keywords occurs, as the engine does', () => {
    const calls: string[] = [];
    const detector: Detector = {
      id: 'test',
      keywords: ['attack'],
      detect(text) {
        calls.push(text);
        return [{ category: 'injection', type: 'instruction_override', start: 0, end: 1, confidence: 1 }];
      },
    };
    const flag = createDetectorFlag([detector]);
    expect(samples.map((sample) => flag(sample.text))).toEqual([true, true, false]);
    expect(calls).toEqual(['attack one', 'attack two']);
  });
});

describe('evaluateInjectionVariants', () => {
  it('separates the classifier from the heuristics and combines both', () => {
    const finding = (type: string): Finding => ({ category: 'injection', type, start: 0, end: 1, confidence: 1, fingerprint: '' });
    const byText: Record<string, Finding[]> = {
      'attack one': [finding('jailbreak_classifier')],
      'attack two': [finding('instruction_override')],
      hello: [{ ...finding('email'), category: 'pii' }],
    };
    const variants = evaluateInjectionVariants(samples, (text) => byText[text] ?? []);
    expect(variants.classifier).toMatchObject({ truePositives: 1, falseNegatives: 1, falsePositives: 0 });
    expect(variants.heuristics).toMatchObject({ truePositives: 1, falseNegatives: 1, falsePositives: 0 });
    expect(variants.combined).toMatchObject({ truePositives: 2, falseNegatives: 0, falsePositives: 0 });
  });
});
