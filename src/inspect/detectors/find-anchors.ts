import { createKeywordAutomaton } from '../engine/keyword-automaton.js';
import type { DetectContext } from '../types.js';

/**
 * The anchor offsets a detector works from: the engine's, found in its prefilter pass, or — when
 * the detector is called directly (tests, evaluation) — found here by the same kind of automaton,
 * so both paths see exactly the same offsets.
 */
export function createAnchorFinder(anchors: readonly string[]): (text: string, context: DetectContext) => readonly number[] {
  // One anchor group per literal, so a hit's group says which literal ended there, and its length.
  const automaton = createKeywordAutomaton(
    [],
    anchors.map((anchor) => [anchor]),
  );
  const lengths = anchors.map((anchor) => anchor.toLowerCase().length);
  return (text, context) => {
    if (context.anchorStarts !== undefined) return context.anchorStarts;
    const hits: number[] = [];
    automaton.scan(text, new Uint8Array(0), hits);
    const starts: number[] = [];
    for (let index = 0; index < hits.length; index += 2) starts.push(hits[index + 1]! - lengths[hits[index]!]!);
    return sortDistinct(starts);
  };
}

/**
 * Sorts start offsets and drops repeats, in place. Hits arrive in order of their end; starts are
 * already sorted unless one anchor occurrence lies inside another (`my name` and `name`).
 */
export function sortDistinct(values: number[]): number[] {
  let sorted = true;
  for (let index = 1; index < values.length && sorted; index++) if (values[index - 1]! >= values[index]!) sorted = false;
  if (sorted) return values;
  values.sort((left, right) => left - right);
  let kept = 0;
  for (let index = 0; index < values.length; index++)
    if (index === 0 || values[index] !== values[kept - 1]) values[kept++] = values[index]!;
  values.length = kept;
  return values;
}

/**
 * The length of the first of `literals` (lower case) that occurs at `start`, ASCII letters in either
 * case, or 0 when none does: the same case folding as the automaton that found the anchor.
 */
export function matchLiteralAt(text: string, start: number, literals: readonly string[]): number {
  for (const literal of literals) {
    let index = 0;
    while (index < literal.length) {
      const expected = literal.charCodeAt(index);
      const actual = text.charCodeAt(start + index);
      if (actual !== expected && !(expected >= 97 && expected <= 122 && actual === expected - 32)) break;
      index++;
    }
    if (index === literal.length) return literal.length;
  }
  return 0;
}

/**
 * The matches of `sticky` (a sticky pattern) starting at `starts` (ascending) that `accept` lets
 * through, leftmost first and without overlap. When every match of the pattern starts at one of
 * these offsets, they are exactly the matches a global search over the whole text finds: the
 * pattern is simply not tried where it cannot match.
 */
export function matchAtAnchors(
  text: string,
  sticky: RegExp,
  starts: readonly number[],
  accept?: (start: number) => boolean,
): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  let resumeAt = 0;
  for (const start of starts) {
    if (start < resumeAt || (accept !== undefined && !accept(start))) continue;
    sticky.lastIndex = start;
    const match = sticky.exec(text);
    if (match === null) continue;
    matches.push(match);
    resumeAt = start + Math.max(1, match[0].length);
  }
  return matches;
}
