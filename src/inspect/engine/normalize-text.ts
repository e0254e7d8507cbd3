/**
 * Evasion defence, step one: detectors match on a normalised copy of the text (Unicode NFKC,
 * invisible characters removed, Unicode tag characters decoded to the ASCII they shadow), so
 * `ｇｈｐ＿…` (full-width) or a token split by zero-width spaces is still found. Findings must
 * point into the ORIGINAL text, so the normalised text carries an offset map.
 */
export interface NormalizedText {
  text: string;
  /**
   * The changed segments, in order: where each starts in the normalised text and the original
   * span it came from. Text between segments is unchanged. Null when nothing changed (plain
   * ASCII, or non-ASCII that is already normal): then offsets need no mapping at all.
   */
  edits: NormalizationEdits | null;
}

export interface NormalizationEdits {
  normalizedStarts: Int32Array;
  normalizedEnds: Int32Array;
  originalStarts: Int32Array;
  originalEnds: Int32Array;
}

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;
/** One code point and the combining marks that follow it: NFKC composes within such a segment. */
const SEGMENT = /[\s\S]\p{M}*/uy;
const LEADING_MARK = /^\p{M}/u;
/**
 * Characters that render as nothing: zero-width space/joiners, word joiner and invisible
 * operators, soft hyphen, bidirectional controls, variation selectors, BOM, Hangul fillers,
 * tag characters outside the printable range.
 */
const INVISIBLE_SOURCE = String.raw`[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{e0000}-\u{e001f}\u{e007f}\u{e0100}-\u{e01ef}]`;
const INVISIBLE = new RegExp(INVISIBLE_SOURCE, 'gu');
const HAS_INVISIBLE = new RegExp(INVISIBLE_SOURCE, 'u');
const TAG_CHARACTER = /[\u{e0020}-\u{e007e}]/gu;
const HAS_TAG_CHARACTER = /[\u{e0020}-\u{e007e}]/u;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Normalises `text`; costs one regular-expression test when the text is plain ASCII. */
export function normalizeText(text: string): NormalizedText {
  if (!NON_ASCII.test(text)) return { text, edits: null };
  const edits = findEdits(text);
  if (edits.length === 0) return { text, edits: null };
  const parts: string[] = [];
  const count = edits.length;
  const mapped: NormalizationEdits = {
    normalizedStarts: new Int32Array(count),
    normalizedEnds: new Int32Array(count),
    originalStarts: new Int32Array(count),
    originalEnds: new Int32Array(count),
  };
  let copied = 0;
  let position = 0;
  edits.forEach((edit, index) => {
    parts.push(text.slice(copied, edit.start), edit.text);
    position += edit.start - copied;
    mapped.normalizedStarts[index] = position;
    position += edit.text.length;
    mapped.normalizedEnds[index] = position;
    mapped.originalStarts[index] = edit.start;
    mapped.originalEnds[index] = edit.end;
    copied = edit.end;
  });
  parts.push(text.slice(copied));
  return { text: parts.join(''), edits: mapped };
}

/** The segments whose normal form differs from the original. */
function findEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  NON_ASCII_RUN.lastIndex = 0;
  for (let run = NON_ASCII_RUN.exec(text); run !== null; run = NON_ASCII_RUN.exec(text)) {
    const end = run.index + run[0].length;
    // Most non-ASCII text (accented words, CJK, emoji) is already stable: nothing to do.
    if (!HAS_INVISIBLE.test(run[0]) && !HAS_TAG_CHARACTER.test(run[0]) && run[0].normalize('NFKC') === run[0]) {
      // A leading combining mark may still compose with the ASCII letter before it (e + U+0301).
      if (run.index === 0 || !LEADING_MARK.test(run[0])) continue;
      const pair = text.slice(run.index - 1, run.index + 1);
      if (pair.normalize('NFKC') === pair) continue;
    }
    let start = run.index;
    if (start > 0 && LEADING_MARK.test(run[0]) && (edits.at(-1)?.end ?? 0) < start) start--;
    for (let index = start; index < end;) {
      SEGMENT.lastIndex = index;
      const segment = SEGMENT.exec(text)![0];
      const next = index + segment.length;
      const normal = normalizeSegment(segment);
      if (normal !== segment) edits.push({ start: index, end: next, text: normal });
      index = next;
    }
  }
  return edits;
}

function normalizeSegment(segment: string): string {
  const visible = segment.replace(INVISIBLE, '');
  if (visible.length === 0) return '';
  const untagged = visible.replace(TAG_CHARACTER, (tag) => String.fromCharCode(tag.codePointAt(0)! - 0xe0000));
  return untagged.normalize('NFKC');
}

/** Index of the last edit starting at or before `offset` in the normalised text, or -1. */
function findEdit(edits: NormalizationEdits, offset: number): number {
  let low = 0;
  let high = edits.normalizedStarts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (edits.normalizedStarts[middle]! <= offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** Where the character at normalised offset `offset` came from: [original start, original end). */
function mapCharacter(edits: NormalizationEdits, offset: number): [number, number] {
  const index = findEdit(edits, offset);
  if (index >= 0 && offset < edits.normalizedEnds[index]!) return [edits.originalStarts[index]!, edits.originalEnds[index]!];
  // Unchanged text after edit `index` (or before the first edit): a constant shift.
  const shift = index < 0 ? 0 : edits.originalEnds[index]! - edits.normalizedEnds[index]!;
  return [offset + shift, offset + shift + 1];
}

/** Maps a non-empty span of the normalised text back to the original text. */
export function mapSpan(normalized: NormalizedText, start: number, end: number): { start: number; end: number } {
  const { edits } = normalized;
  if (edits === null) return { start, end };
  const originalStart = mapCharacter(edits, start)[0];
  const originalEnd = mapCharacter(edits, Math.max(start, end - 1))[1];
  return { start: originalStart, end: Math.max(originalStart, originalEnd) };
}
