import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { analyzeText, isDigitAt, type TextAnalysis } from '../text-analysis.js';
import { IBAN_LENGTHS } from './iban-lengths.js';

// Country code, check digits, then alphanumerics optionally in space-separated groups of four.
// Each repetition consumes a fixed shape, so matching is linear.
// Sticky: tried only two characters before a number run (see matchIbanCandidates).
export const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,8}(?: ?[A-Za-z0-9]{1,3})?/y;

function isLetterAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index) | 0x20;
  return code >= 97 && code <= 122;
}

/**
 * The candidates a global search with IBAN_CANDIDATE finds, without the search (it is tried at
 * every letter of the text): the check digits follow two letters, so they start a number run of
 * the shared analysis, and only the two characters before each run start need trying.
 */
export function matchIbanCandidates(analysis: TextAnalysis): RegExpExecArray[] {
  const { text, numberRuns } = analysis;
  const matches: RegExpExecArray[] = [];
  let resumeAt = 0;
  for (let run = 0; run < numberRuns.length; run += 4) {
    const start = numberRuns[run]! - 2;
    if (start < resumeAt || !isLetterAt(text, start) || !isLetterAt(text, start + 1) || !isDigitAt(text, start + 3)) continue;
    IBAN_CANDIDATE.lastIndex = start;
    const match = IBAN_CANDIDATE.exec(text);
    if (match === null) continue;
    matches.push(match);
    resumeAt = start + match[0].length;
  }
  return matches;
}

/** True when the IBAN (upper case, no spaces) satisfies ISO 7064 mod 97-10. */
export function isIbanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const code = character.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** The end offset (in `candidate`) after exactly `length` alphanumerics, or -1 if it ends mid-group. */
function findIbanEnd(candidate: string, length: number): number {
  let count = 0;
  for (let index = 0; index < candidate.length; index++) {
    if (candidate[index] !== ' ') count++;
    if (count === length) {
      const next = candidate[index + 1];
      return next === undefined || next === ' ' ? index + 1 : -1;
    }
  }
  return -1;
}

/** Finds IBANs: known country, that country's exact length, valid mod-97 check digits, one letter case. */
export const ibanDetector: Detector = {
  id: 'pii-iban',
  keywords: [],
  detect(text: string, context: DetectContext): DetectorMatch[] {
    const matches: DetectorMatch[] = [];
    for (const match of matchIbanCandidates(analyzeText(text, context))) {
      const candidate = match[0];
      const length = IBAN_LENGTHS.get(candidate.slice(0, 2).toUpperCase());
      if (length === undefined) continue;
      const end = findIbanEnd(candidate, length);
      if (end < 0) continue;
      const value = candidate.slice(0, end).replace(/ /g, '');
      // Mixed case is an identifier in code (`ab12CdEf...`), never a written IBAN.
      if (value !== value.toUpperCase() && value !== value.toLowerCase()) continue;
      if (!isIbanChecksumValid(value.toUpperCase())) continue;
      matches.push({ category: 'pii', type: 'iban', start: match.index, end: match.index + end, confidence: 0.95 });
    }
    return matches;
  },
};
