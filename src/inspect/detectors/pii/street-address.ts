import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { analyzeText, isDigitAt, matchNumberRuns } from '../text-analysis.js';
import { isWordCharAt, readBefore } from './context.js';

const WORD = "[A-Z\\u00C0-\\u00DE][A-Za-z\\u00C0-\\u024F'’-]*";
const SUFFIX =
  '(?:[Ss]treet|St|[Aa]venue|Ave|[Rr]oad|Rd|[Ll]ane|Ln|[Dd]rive|Dr|[Bb]oulevard|Blvd|[Cc]ourt|Ct|[Cc]lose|[Ww]ay|[Pp]lace|Pl|[Ss]quare|Sq|[Tt]errace|[Pp]arkway|Pkwy|[Hh]ighway|Hwy|[Cc]rescent|[Gg]ardens|[Gg]rove|[Rr]ow|[Aa]lley|[Pp]laza|[Cc]ircle|Cir)';
// House number, one to four capitalised words, a street type, and an optional unit:
// "221B Baker Street", "1600 Pennsylvania Ave", "14 Crown Street Apt. 5". Case-sensitive on purpose:
// "2 leads in a row" and "1.1 response and close" are not addresses.
// Sticky: tried only at the digits of the shared number runs that follow neither a word character
// nor a dot (every match starts at one): the same matches as a search of the whole text, without
// that search (it cost as much as reading every digit of the text again).
export const STREET_ADDRESS = new RegExp(
  `(?<![\\w.])\\d{1,5}[A-Za-z]?(?:[ \\t]+(?:${WORD}|of|the|de|la|du)){1,4}[ \\t]+${SUFFIX}\\b\\.?(?:,?[ \\t]+(?:[Aa]pt\\.?|[Ss]uite|[Uu]nit|#)[ \\t]*\\w{1,6})?`,
  'y',
);

/**
 * A digit after neither a word character nor a dot, starting at most five digits and an optional
 * letter that a space or tab follows: where a house number can start. The last part costs a few
 * character reads where the pattern costs a call, and rules out most digits of code (`[0]`, `- 1;`).
 */
export function isHouseNumberStart(text: string, index: number): boolean {
  if (!isDigitAt(text, index) || isWordCharAt(text, index - 1) || text.charCodeAt(index - 1) === 46) return false;
  let after = index + 1;
  while (after < text.length && isDigitAt(text, after)) after++;
  if (after - index > 5) return false;
  const next = text.charCodeAt(after);
  const letter = (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
  const gap = text.charCodeAt(letter ? after + 1 : after);
  return gap === 32 || gap === 9;
}
// "Copyright 2011 Gary Court" is a year and a surname.
const COPYRIGHT = /(?:copyright|\(c\)|©)[^\n]{0,12}$/;

/** Finds street addresses written the English way: number, capitalised street name, street type. */
export const streetAddressDetector: Detector = {
  id: 'pii-street-address',
  keywords: [],
  detect(text: string, context: DetectContext): DetectorMatch[] {
    const matches: DetectorMatch[] = [];
    for (const match of matchNumberRuns(analyzeText(text, context), STREET_ADDRESS, 1, 0, isHouseNumberStart)) {
      if (COPYRIGHT.test(readBefore(text, match.index, 20))) continue;
      matches.push({ category: 'pii', type: 'street_address', start: match.index, end: match.index + match[0].length, confidence: 0.6 });
    }
    return matches;
  },
};
