import type { DetectorMatch } from '../types.js';

/**
 * Overlapping matches are merged by this rule:
 *
 * 1. Values and regions never merge with each other: a region (an `.env` block, code in a
 *    text) must not swallow the secrets inside it, nor they it.
 * 2. Values merge within a category: when two `secret` matches overlap, the one with the higher
 *    confidence is kept (a specific token rule, ~0.95, beats the generic assignment rule, ~0.7);
 *    on equal confidence the longer span (it saw more context); then the earlier start. Values
 *    of different categories overlap freely (a private IP inside a connection string is both
 *    `config` and `secret`): each category answers a different policy question.
 *    Injection values merge only within a type: their types are different techniques, not
 *    competing readings of one value, and a zero-width space splitting "ignore all previous
 *    instructions" is both an `invisible_unicode` and an `instruction_override` finding.
 * 3. Regions merge within a type, by the same preference.
 *
 * The result is sorted by start offset, then end.
 */
export function mergeMatches(matches: DetectorMatch[]): DetectorMatch[] {
  if (matches.length <= 1) return matches;
  const groups = new Map<string, DetectorMatch[]>();
  for (const match of matches) {
    const key =
      match.region === true
        ? `region:${match.type}`
        : match.category === 'injection'
          ? `injection:${match.type}`
          : `value:${match.category}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [match]);
    else group.push(match);
  }
  const merged: DetectorMatch[] = [];
  for (const group of groups.values()) merged.push(...selectNonOverlapping(group));
  return merged.sort((left, right) => left.start - right.start || left.end - right.end);
}

function comparePreference(left: DetectorMatch, right: DetectorMatch): number {
  return right.confidence - left.confidence || right.end - right.start - (left.end - left.start) || left.start - right.start;
}

/** Greedy by preference: take the best match, drop every match overlapping one already taken. */
function selectNonOverlapping(group: DetectorMatch[]): DetectorMatch[] {
  if (group.length === 1) return group;
  const candidates = [...group].sort(comparePreference);
  // Kept spans, sorted by start; they never overlap each other, so ends are sorted too.
  const kept: DetectorMatch[] = [];
  for (const candidate of candidates) {
    const position = findInsertPosition(kept, candidate.start);
    const before = kept[position - 1];
    const after = kept[position];
    if (before !== undefined && before.end > candidate.start) continue;
    if (after !== undefined && after.start < candidate.end) continue;
    kept.splice(position, 0, candidate);
  }
  return kept;
}

/** Index of the first kept span starting after `start` (binary search). */
function findInsertPosition(kept: DetectorMatch[], start: number): number {
  let low = 0;
  let high = kept.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (kept[middle]!.start <= start) low = middle + 1;
    else high = middle;
  }
  return low;
}
