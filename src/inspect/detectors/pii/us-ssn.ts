import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { analyzeText, isNumberStart, matchNumberRuns } from '../text-analysis.js';
import { hasContextBefore } from './context.js';

// AAA-GG-SSSS with one consistent separator (dash or space), or nine bare digits.
// Sticky: tried only inside the number runs of the shared analysis that hold nine digits or more.
export const SSN_CANDIDATE = /(?<![\w.+-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\w]|[.-]\d)/y;
export const SSN_DIGITS = 9;

const SSN_CONTEXT = /\b(?:ssn|ssns|social security|social sec|soc\.? ?sec|ss#|ss #|taxpayer|tin|itin)\b/;

// Numbers the SSA has published as never issued or widely used as examples.
const EXAMPLE_NUMBERS = new Set(['078051120', '219099999', '123456789']);

/** True when the area, group and serial are in ranges the SSA issues (no 000/666/9xx, 00, 0000). */
export function isValidSsn(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area.startsWith('9')) return false;
  if (group === '00' || serial === '0000') return false;
  return !EXAMPLE_NUMBERS.has(area + group + serial);
}

/**
 * Finds US social security numbers. Separated forms need no context; a bare nine-digit run is
 * everywhere in code and data, so it counts only next to words such as "SSN" or "social security".
 */
export const usSsnDetector: Detector = {
  id: 'pii-us-ssn',
  keywords: [],
  detect(text: string, context: DetectContext): DetectorMatch[] {
    const matches: DetectorMatch[] = [];
    for (const match of matchNumberRuns(analyzeText(text, context), SSN_CANDIDATE, SSN_DIGITS, 0, isNumberStart)) {
      const [value, area = '', separator = '', group = '', serial = ''] = match;
      if (!isValidSsn(area, group, serial)) continue;
      const inContext = hasContextBefore(text, match.index, SSN_CONTEXT, 48);
      if (separator === '' && !inContext) continue;
      const confidence = inContext ? 0.95 : separator === '-' ? 0.7 : 0.5;
      matches.push({ category: 'pii', type: 'us_ssn', start: match.index, end: match.index + value.length, confidence });
    }
    return matches;
  },
};
