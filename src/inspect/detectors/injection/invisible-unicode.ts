import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { weighByRole } from './role-weight.js';

// One pass finds any candidate: bidi embeddings/overrides/isolates (Trojan Source, CVE-2021-42574),
// zero-width characters, and the high surrogate of tag characters and supplementary variation
// selectors (U+E0000–U+E01EF all start with \uDB40). V8 scans a character class like this at
// gigabytes per second, so the detector can run on every text.
const CANDIDATE = /[\u202A-\u202E\u2066-\u2069\u200B-\u200D\u2060-\u2064\uFEFF\u180E\uDB40]/;

const BIDI_RUN = /[\u202A-\u202E\u2066-\u2069]+/g;
const ZERO_WIDTH_RUN = /[\u200B-\u200D\u2060-\u2064\uFEFF\u180E]+/g;
// Tag characters U+E0000–U+E007F (ASCII smuggled invisibly) and variation selectors 17–256
// U+E0100–U+E01EF (arbitrary bytes smuggled after one visible character).
const TAG_RUN = /(?:\uDB40[\uDC00-\uDC7F])+/g;
const SELECTOR_RUN = /(?:\uDB40[\uDD00-\uDDEF]){2,}/g;
// Emoji subdivision flags (🏴 + tag letters + cancel tag) are the one legitimate use of tags.
const FLAG_BLACK = 0x1f3f4;
const CANCEL_TAG = '\uDB40\uDC7F';

function isLetterOrDigit(character: string | undefined): boolean {
  return character !== undefined && /[\p{L}\p{N}]/u.test(character);
}

function findBidi(text: string, context: DetectContext, matches: DetectorMatch[]): void {
  for (const match of text.matchAll(BIDI_RUN)) {
    // An override (U+202D/U+202E) reorders what a reviewer sees: the Trojan Source attack itself.
    const confidence = /[\u202D\u202E]/.test(match[0]) ? 0.85 : 0.7;
    matches.push({
      category: 'injection',
      type: 'bidi_control',
      start: match.index,
      end: match.index + match[0].length,
      confidence: weighByRole(confidence, context),
    });
  }
}

/**
 * Zero-width characters have honest uses: ZWJ joins emoji and Indic conjuncts, ZWNJ shapes Persian,
 * a BOM opens a file. Suspicious are runs of two or more (data hidden in binary) and a lone one
 * splitting a word (`ig\u200Bnore`, defeating keyword filters) unless it is ZWJ/ZWNJ in a script
 * that needs them (non-ASCII letters on both sides).
 */
function findZeroWidth(text: string, context: DetectContext, matches: DetectorMatch[]): void {
  for (const match of text.matchAll(ZERO_WIDTH_RUN)) {
    const run = match[0];
    const start = match.index;
    const end = start + run.length;
    if (run === '\uFEFF' && start === 0) continue;
    if (/^[\u200C\u200D]+$/.test(run) && (!/[A-Za-z0-9]/.test(text[start - 1] ?? '') || !/[A-Za-z0-9]/.test(text[end] ?? ''))) continue;
    const splitsWord = isLetterOrDigit(text[start - 1]) && isLetterOrDigit(text[end]);
    if (run.length < 2 && !splitsWord) continue;
    const confidence = run.length >= 4 ? 0.8 : 0.6;
    matches.push({ category: 'injection', type: 'invisible_unicode', start, end, confidence: weighByRole(confidence, context) });
  }
}

function findSmuggled(text: string, context: DetectContext, matches: DetectorMatch[]): void {
  for (const match of text.matchAll(TAG_RUN)) {
    const start = match.index;
    const end = start + match[0].length;
    const isFlag = text.codePointAt(start - 2) === FLAG_BLACK && match[0].endsWith(CANCEL_TAG) && match[0].length <= 14;
    if (isFlag) continue;
    matches.push({ category: 'injection', type: 'invisible_unicode', start, end, confidence: weighByRole(0.9, context) });
  }
  for (const match of text.matchAll(SELECTOR_RUN)) {
    matches.push({
      category: 'injection',
      type: 'invisible_unicode',
      start: match.index,
      end: match.index + match[0].length,
      confidence: weighByRole(0.8, context),
    });
  }
}

/** Finds bidirectional controls and invisible characters used to hide instructions or data. */
export const invisibleUnicodeDetector: Detector = {
  id: 'injection-invisible-unicode',
  keywords: [],
  // Normalisation strips exactly the characters this detector looks for: it reads the original.
  rawText: true,
  detect(text: string, context: DetectContext): DetectorMatch[] {
    if (!CANDIDATE.test(text)) return [];
    const matches: DetectorMatch[] = [];
    findBidi(text, context, matches);
    findZeroWidth(text, context, matches);
    findSmuggled(text, context, matches);
    return matches;
  },
};
