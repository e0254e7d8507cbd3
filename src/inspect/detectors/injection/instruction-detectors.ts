import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { PATTERN_GROUPS, type InjectionPattern, type PatternGroup } from './instruction-patterns.js';
import { weighByRole } from './role-weight.js';

interface Span {
  start: number;
  end: number;
}

/** Every match of `pattern.pattern` in `text`, looked for only around anchor hits when it has an anchor. */
function findSpans(text: string, pattern: InjectionPattern): Span[] {
  const spans: Span[] = [];
  if (pattern.anchor === undefined) {
    for (const match of text.matchAll(pattern.pattern)) spans.push({ start: match.index, end: match.index + match[0].length });
    return spans;
  }
  const { before, after } = pattern.anchor;
  let searchedUpTo = 0;
  for (const hit of text.matchAll(pattern.anchor.pattern)) {
    const windowEnd = Math.min(text.length, hit.index + hit[0].length + after);
    if (windowEnd <= searchedUpTo) continue;
    const windowStart = Math.max(searchedUpTo, hit.index - before);
    for (const match of text.slice(windowStart, windowEnd).matchAll(pattern.pattern)) {
      spans.push({ start: windowStart + match.index, end: windowStart + match.index + match[0].length });
    }
    searchedUpTo = windowEnd;
  }
  return spans;
}

/** Creates the detector of one heuristic group: runs its patterns and weighs each match by role. */
export function createPatternGroupDetector(group: PatternGroup): Detector {
  return {
    id: group.id,
    keywords: group.keywords,
    detect(text: string, context: DetectContext): DetectorMatch[] {
      const matches: DetectorMatch[] = [];
      for (const pattern of group.patterns) {
        const confidence = weighByRole(pattern.confidence, context, pattern.type === 'jailbreak_roleplay');
        for (const { start, end } of findSpans(text, pattern)) {
          if (end > start) matches.push({ category: 'injection', type: pattern.type, start, end, confidence });
        }
      }
      return matches;
    },
  };
}

/**
 * Finds instructions aimed at the model rather than at the reader: overriding the system prompt,
 * asking for it, sending data out, jailbreak role-play framings and chat-template tokens.
 */
export const instructionDetectors: readonly Detector[] = PATTERN_GROUPS.map(createPatternGroupDetector);
