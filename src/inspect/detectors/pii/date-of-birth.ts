import type { DetectContext, Detector, DetectorMatch } from '../../types.js';

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DATE = `(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})|\\d{4}-\\d{1,2}-\\d{1,2}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+\\d{4})`;
// A date counts as a birth date only when the text says so just before it: "born on", "DOB:",
// "date of birth ... is". Dates alone are everywhere (logs, changelogs, timestamps).
const DATE_OF_BIRTH = new RegExp(
  `\\b(?:born(?:\\s+(?:on|in))?|date\\s+of\\s+birth|d\\.?o\\.?b\\.?|birth\\s*date|birthday)\\b[^\\n\\d]{0,30}?(${DATE})(?![\\d/.-]\\d)`,
  'gi',
);

/** Finds dates of birth: a date right after "born", "date of birth", "DOB" or "birthday". */
export const dateOfBirthDetector: Detector = {
  id: 'pii-date-of-birth',
  keywords: ['born', 'birth', 'dob', 'd.o.b'],
  detect(text: string, _context: DetectContext): DetectorMatch[] {
    const matches: DetectorMatch[] = [];
    for (const match of text.matchAll(DATE_OF_BIRTH)) {
      const date = match[1] ?? '';
      const start = match.index + match[0].length - date.length;
      matches.push({ category: 'pii', type: 'date_of_birth', start, end: start + date.length, confidence: 0.85 });
    }
    return matches;
  },
};
