import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { analyzeText, isNumberStart, matchNumberRuns } from '../text-analysis.js';
import { hasContextBefore } from './context.js';

// 12 to 19 digits, optionally grouped by single spaces or dashes. One digit per repetition, so the
// pattern is linear. Boundaries reject digits glued to letters, dots or other digits (ids, decimals).
// Sticky: tried only inside the number runs of the shared analysis that hold 12 digits or more.
export const CARD_CANDIDATE = /(?<![\w.+-])\d(?:[ -]?\d){11,18}(?![\w]|[.-]\d)/y;
export const MIN_CARD_DIGITS = 12;

const CARD_CONTEXT =
  /\b(?:card|cc|cvv|visa|master ?card|amex|american express|discover|maestro|jcb|diners|unionpay|payment|pay|charge|billing|pan)\b/;

/** A brand's issuer identification number range (inclusive, as prefixes of `digits` length) and lengths. */
interface IssuerRange {
  from: number;
  to: number;
  digits: number;
  lengths: readonly number[];
}

// Public IIN ranges of the major networks (ISO/IEC 7812 registrations as published by each network).
const ISSUER_RANGES: readonly IssuerRange[] = [
  { from: 4, to: 4, digits: 1, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, digits: 2, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, digits: 4, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, digits: 2, lengths: [15] }, // American Express
  { from: 37, to: 37, digits: 2, lengths: [15] },
  { from: 6011, to: 6011, digits: 4, lengths: [16, 17, 18, 19] }, // Discover
  { from: 644, to: 649, digits: 3, lengths: [16, 17, 18, 19] },
  { from: 65, to: 65, digits: 2, lengths: [16, 17, 18, 19] },
  { from: 300, to: 305, digits: 3, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { from: 36, to: 36, digits: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 38, to: 39, digits: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 3095, to: 3095, digits: 4, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 3528, to: 3589, digits: 4, lengths: [16, 17, 18, 19] }, // JCB
  { from: 2131, to: 2131, digits: 4, lengths: [15] },
  { from: 1800, to: 1800, digits: 4, lengths: [15] },
  { from: 62, to: 62, digits: 2, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 2200, to: 2204, digits: 4, lengths: [16, 17, 18, 19] }, // Mir
  { from: 50, to: 50, digits: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 56, to: 69, digits: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { from: 60, to: 60, digits: 2, lengths: [16] }, // RuPay
  { from: 9792, to: 9792, digits: 4, lengths: [16] }, // Troy
];

/** True when `digits` passes the Luhn (mod 10) check. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let value = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return sum % 10 === 0;
}

/** True when a known network issues numbers with this prefix and length. */
export function hasKnownIssuer(digits: string): boolean {
  return ISSUER_RANGES.some((range) => {
    const prefix = Number(digits.slice(0, range.digits));
    return prefix >= range.from && prefix <= range.to && range.lengths.includes(digits.length);
  });
}

/** Separators must be consistent (all spaces or all dashes) and groups at least 3 digits long. */
function hasCardGrouping(candidate: string): boolean {
  const groups = candidate.split(/[ -]/);
  if (groups.length === 1) return true;
  if (candidate.includes(' ') && candidate.includes('-')) return false;
  return groups.every((group) => group.length >= 3 && group.length <= 6);
}

// Runs of one repeated digit or an ascending sequence pass Luhn often enough to matter in code.
function isDegenerate(digits: string): boolean {
  return /^(\d)\1+$/.test(digits) || '0123456789012345678901234567890'.includes(digits);
}

/** Finds payment card numbers: known issuer range and length, Luhn-valid, consistently grouped. */
export const creditCardDetector: Detector = {
  id: 'pii-credit-card',
  keywords: [],
  detect(text: string, context: DetectContext): DetectorMatch[] {
    const matches: DetectorMatch[] = [];
    for (const match of matchNumberRuns(analyzeText(text, context), CARD_CANDIDATE, MIN_CARD_DIGITS, 0, isNumberStart)) {
      const candidate = match[0];
      const digits = candidate.replace(/[ -]/g, '');
      if (!hasCardGrouping(candidate) || isDegenerate(digits)) continue;
      if (!isLuhnValid(digits)) continue;
      const inContext = hasContextBefore(text, match.index, CARD_CONTEXT, 48);
      // An unknown issuer range is accepted only where the text itself says "card".
      if (!hasKnownIssuer(digits) && !inContext) continue;
      const grouped = digits.length !== candidate.length;
      const confidence = inContext ? 0.95 : grouped ? 0.85 : 0.6;
      matches.push({ category: 'pii', type: 'credit_card', start: match.index, end: match.index + candidate.length, confidence });
    }
    return matches;
  },
};
