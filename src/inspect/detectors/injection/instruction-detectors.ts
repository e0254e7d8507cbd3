import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { createAnchorFinder, matchAtAnchors, matchLiteralAt } from '../find-anchors.js';
import { PATTERN_GROUPS, type InjectionPattern, type PatternGroup } from './instruction-patterns.js';
import { weighByRole } from './role-weight.js';

interface Span {
  start: number;
  end: number;
}

/** Every match of a `startsWith` pattern: tried (sticky) only at the anchors where one of its own literals starts. */
function findStartingSpans(text: string, pattern: InjectionPattern, literals: readonly string[], anchors: readonly number[]): Span[] {
  const startsHere = (start: number) => matchLiteralAt(text, start, literals) > 0;
  return matchAtAnchors(text, pattern.pattern, anchors, startsHere).map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
}

/** The anchor occurrences of a windowed pattern: from its literals (via the anchor offsets) or its own cheap pattern. */
function listAnchorHits(text: string, anchor: NonNullable<InjectionPattern['anchor']>, anchors: readonly number[]): Span[] {
  const hits: Span[] = [];
  if (anchor.literals !== undefined) {
    for (const start of anchors) {
      const length = matchLiteralAt(text, start, anchor.literals);
      if (length > 0) hits.push({ start, end: start + length });
    }
  } else if (anchor.pattern !== undefined) {
    for (const hit of text.matchAll(anchor.pattern)) hits.push({ start: hit.index, end: hit.index + hit[0].length });
  }
  return hits;
}

/** Every match of `pattern.pattern` in `text`, looked for only around anchor hits when it has an anchor. */
function findSpans(text: string, pattern: InjectionPattern, anchors: readonly number[]): Span[] {
  if (pattern.startsWith !== undefined) return findStartingSpans(text, pattern, pattern.startsWith, anchors);
  const spans: Span[] = [];
  if (pattern.anchor === undefined) {
    for (const match of text.matchAll(pattern.pattern)) spans.push({ start: match.index, end: match.index + match[0].length });
    return spans;
  }
  const { before, after } = pattern.anchor;
  let searchedUpTo = 0;
  for (const hit of listAnchorHits(text, pattern.anchor, anchors)) {
    const windowEnd = Math.min(text.length, hit.end + after);
    if (windowEnd <= searchedUpTo) continue;
    const windowStart = Math.max(searchedUpTo, hit.start - before);
    for (const match of text.slice(windowStart, windowEnd).matchAll(pattern.pattern)) {
      spans.push({ start: windowStart + match.index, end: windowStart + match.index + match[0].length });
    }
    searchedUpTo = windowEnd;
  }
  return spans;
}

/** The literals of a group's patterns that the engine should find: what they start with and their anchor literals. */
function collectAnchors(group: PatternGroup): string[] {
  const literals = new Set<string>();
  for (const pattern of group.patterns) {
    if (pattern.startsWith !== undefined && !pattern.pattern.sticky) throw new Error(`A startsWith pattern of ${group.id} must be sticky.`);
    for (const literal of [...(pattern.startsWith ?? []), ...(pattern.anchor?.literals ?? [])]) literals.add(literal);
  }
  return [...literals];
}

/** Creates the detector of one heuristic group: runs its patterns and weighs each match by role. */
export function createPatternGroupDetector(group: PatternGroup): Detector {
  const anchors = collectAnchors(group);
  const findAnchors = anchors.length === 0 ? undefined : createAnchorFinder(anchors);
  return {
    id: group.id,
    keywords: group.keywords,
    ...(anchors.length === 0 ? {} : { anchors }),
    detect(text: string, context: DetectContext): DetectorMatch[] {
      const matches: DetectorMatch[] = [];
      const starts = findAnchors === undefined ? [] : findAnchors(text, context);
      for (const pattern of group.patterns) {
        const confidence = weighByRole(pattern.confidence, context, pattern.type === 'jailbreak_roleplay');
        for (const { start, end } of findSpans(text, pattern, starts)) {
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
