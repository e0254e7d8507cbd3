import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { analyzeText, isNumberStart, matchNumberRuns } from '../text-analysis.js';
import { readAfter, readBefore } from './context.js';

// A digit, then digits, spaces, dots, dashes and parentheses, ending on a digit: a phone-shaped span.
// One character class with a bounded count, so it cannot backtrack badly.
// An `x` may follow (an extension); any other letter or digit glued on means an identifier.
// Sticky: tried only inside the number runs of the shared analysis (its characters are all run characters).
export const PHONE_CANDIDATE = /(?<![\w.+-])(?:\+|\(\+?)?\d[\d ().-]{5,24}\d(?![0-9A-WYZa-wyz_]|[.-]\d)/y;
/** A phone number has at least this many digits (scoreCandidate), so shorter runs are skipped. */
export const MIN_PHONE_DIGITS = 7;
const EXTENSION = /^ ?(?:x|ext\.?|extension) ?\d{1,6}(?!\w)/i;

const CONTEXT_BEFORE =
  /\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|call|calling|text me|sms|whatsapp|contact|desk|office|dial|reach|ring|landline|hotline)\b[^\d]{0,24}$/;
// Numbers introduced as something else: "card number", "license number", "Suite 541", "ZIP: 75534-030".
const OTHER_NUMBER_BEFORE =
  /\b(?:card|cc|licen[cs]e|account|acct|ssn|social security|order|invoice|passport|zip|postal|postcode|suite|apt|unit|box|ref|id|iban)\b[^\n\d]{0,20}$/;
const CONTEXT_AFTER = /^[\s-]{0,3}\(?(?:office|fax|mobile|cell|phone|home|work|tel|desk)\b/;

// Shapes that look like phone numbers but are dates, times, addresses or versions.
const NOT_A_PHONE = [
  /^\d{4}([-./])\d{1,2}\1\d{1,2}(?!\d)/, // 2024-01-31, also when a time follows
  /^\d{3}-\d{2}-\d{4}$/, // US SSN shape; no phone plan groups 3-2-4
  /^\d{1,2}([-./])\d{1,2}\1\d{4}$/, // 31.01.2024
  /^\d{1,3}(?:\.\d{1,3}){3}$/, // 10.0.0.1
  /[ .-]{2}|\(\)|\( |  /, // doubled separators: arithmetic, spacing, not a number
];

/**
 * Regions tried for numbers written without a country code. Numbers valid in none of them still
 * count when the text around them says "phone", "call", "fax"...
 */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['GB', 'FR', 'IN', 'AU', 'BR', 'IT', 'NL', 'BE', 'ES'];
// Germany is left out on purpose: its open numbering plan makes almost any 7+ digit run "valid".

// North American numbers are written NXX-NXX-XXXX with separators; nothing else is taken without context.
const NANP_SHAPE = /^(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}$/;

function hasBalancedParentheses(candidate: string): boolean {
  const open = candidate.split('(').length - 1;
  return open === candidate.split(')').length - 1 && open <= 1;
}

/** True when libphonenumber's full metadata says the number exists (international, or in a default region). */
function isValidNumber(candidate: string): boolean {
  const international = candidate.startsWith('+') || candidate.startsWith('(+');
  if (international) return parsePhoneNumberFromString(candidate)?.isValid() === true;
  if (candidate.startsWith('00')) return parsePhoneNumberFromString(`+${candidate.slice(2)}`)?.isValid() === true;
  if (NANP_SHAPE.test(candidate)) return parsePhoneNumberFromString(candidate, 'US')?.isValid() === true;
  // Outside North America a national number starts with its trunk prefix 0; a digit group that does
  // not is a quantity, a house number or a constant far more often than a phone.
  if (!/^\(?0/.test(candidate)) return false;
  return DEFAULT_PHONE_REGIONS.some((region) => parsePhoneNumberFromString(candidate, region)?.isValid() === true);
}

/** Scores one phone-shaped span, or returns 0 when it is not a phone number. */
function scoreCandidate(text: string, candidate: string, start: number, end: number): number {
  const digitCount = candidate.replace(/\D/g, '').length;
  if (digitCount < 7 || digitCount > 15) return 0;
  if (!hasBalancedParentheses(candidate) || NOT_A_PHONE.some((pattern) => pattern.test(candidate))) return 0;
  const before = readBefore(text, start, 40);
  if (OTHER_NUMBER_BEFORE.test(before)) return 0;
  const inContext = CONTEXT_BEFORE.test(before) || CONTEXT_AFTER.test(readAfter(text, end, 12));
  const separated = /[ ().-]/.test(candidate) || candidate.startsWith('+');
  // Bare digit runs are ids, timestamps and constants in code unless the text calls them a phone.
  if (!separated) return inContext ? 0.7 : 0;
  if (inContext) return 0.9;
  return isValidNumber(candidate) ? 0.7 : 0;
}

/** Finds phone numbers: phone-shaped spans validated by libphonenumber-js or named as phones by context. */
export const phoneDetector: Detector = {
  id: 'pii-phone',
  keywords: [],
  detect(text: string, context: DetectContext): DetectorMatch[] {
    const matches: DetectorMatch[] = [];
    for (const match of matchNumberRuns(analyzeText(text, context), PHONE_CANDIDATE, MIN_PHONE_DIGITS, 0, isNumberStart)) {
      let end = match.index + match[0].length;
      const extension = EXTENSION.exec(text.slice(end, end + 16));
      if (extension) end += extension[0].length;
      else if (/[xX]/.test(text[end] ?? '')) continue; // `123x456`: glued to a letter, not an extension
      const confidence = scoreCandidate(text, match[0], match.index, end);
      if (confidence > 0) matches.push({ category: 'pii', type: 'phone', start: match.index, end, confidence });
    }
    return matches;
  },
};
