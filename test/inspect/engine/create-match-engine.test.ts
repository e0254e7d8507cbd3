import { describe, expect, it } from 'vitest';
import { createAnchorFinder } from '../../../src/inspect/detectors/find-anchors.js';
import type { TextAnalysis } from '../../../src/inspect/detectors/text-analysis.js';
import { createMatchEngine } from '../../../src/inspect/engine/create-match-engine.js';
import type { DetectContext, Detector } from '../../../src/inspect/types.js';

/** A detector that records the context the engine gives it and finds nothing. */
function createRecorder(
  id: string,
  keywords: string[],
  anchors?: string[],
): Detector & { seen: { text: string; context: DetectContext }[] } {
  const seen: { text: string; context: DetectContext }[] = [];
  return {
    id,
    keywords,
    ...(anchors === undefined ? {} : { anchors }),
    seen,
    detect: (text, context) => (seen.push({ text, context }), []),
  };
}

function createEngine(detectors: Detector[]) {
  return createMatchEngine({ detectors, maxDecodeDepth: 2, maxDecodeBytes: 65_536 });
}

describe('createMatchEngine', () => {
  it('hands each detector the offsets of its anchors, the same as it would find alone, in plain and normalised text', () => {
    const anchors = ['key', 'my name', 'name', 'ab'];
    const recorder = createRecorder('anchored', ['key', 'name', 'ab'], anchors);
    const other = createRecorder('other', ['ab'], ['ba']);
    const engine = createEngine([recorder, other]);
    const texts = [
      'my name is Key; KEYNAME abab',
      'ｍｙ ｎａｍｅ is ｋｅｙ', // full-width: found in the normalised copy
      'n\u200bame key\u200b ab', // zero-width characters removed before matching
      `payload ab ${Buffer.from('api key: abc, my name').toString('base64')} end`, // decoded blob: a second text
    ];
    for (const text of texts) engine.findMatches(text, { role: 'user' });
    const findAlone = createAnchorFinder(anchors);
    expect(recorder.seen.length).toBeGreaterThan(texts.length);
    for (const { text, context } of recorder.seen) {
      expect(context.anchorStarts, text).toEqual(findAlone(text, { role: 'user' }));
    }
    const findOthers = createAnchorFinder(['ba']);
    for (const { text, context } of other.seen) expect(context.anchorStarts, text).toEqual(findOthers(text, { role: 'user' }));
    expect(other.seen.some(({ context }) => context.anchorStarts!.length > 0)).toBe(true);
  });

  it('gives every detector of one text the same analysis, made for the text it reads', () => {
    const first = createRecorder('first', []);
    const second = createRecorder('second', []);
    createEngine([first, second]).findMatches('call 555 0100 now', { role: 'user' });
    const analysis: TextAnalysis | undefined = first.seen[0]!.context.analysis;
    expect(analysis?.text).toBe('call 555 0100 now');
    expect(second.seen[0]!.context.analysis).toBe(analysis);
  });

  it('does not pass a caller-supplied anchor list or analysis through to the detectors', () => {
    const recorder = createRecorder('anchored', ['x'], ['x']);
    createEngine([recorder]).findMatches('x x', { role: 'user', anchorStarts: [99] });
    expect(recorder.seen[0]!.context.anchorStarts).toEqual([0, 2]);
  });

  it('refuses anchors on a detector that reads the raw text', () => {
    const raw: Detector = { id: 'raw', keywords: [], rawText: true, anchors: ['x'], detect: () => [] };
    expect(() => createEngine([raw])).toThrow(/cannot have anchors/);
  });
});
