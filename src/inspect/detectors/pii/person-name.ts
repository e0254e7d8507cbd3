import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { createAnchorFinder, matchAtAnchors } from '../find-anchors.js';
import { isWordCharAt } from './context.js';

// Latin-script letters (ASCII and Latin-1/Extended-A/B); names in other scripts are not covered.
// Latin Extended-A/B mix cases within the block; any letter there may open a name.
const UPPER = 'A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE\\u0100-\\u024F';
const LETTER = "A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F'’-";
const NAME_WORD = `[${UPPER}][${LETTER}]*\\.?`;
// A phrase that introduces a person, then one to four capitalised words on the same line. Case is
// spelled out ([Dd]ear) instead of the `i` flag, which would also make the name's capital optional.
/** Sticky: it is tried only where an introducer starts (see INTRODUCERS). Exported for the test that checks they cover every match. */
export const PERSON_PATTERN = new RegExp(
  `(?:\\b(?:(?:[Mm]y|[Hh]is|[Hh]er|[Tt]heir|[Yy]our) name(?: is|'s)|[Cc]all me|[Dd]ear|Mr|Mrs|Ms|Miss|Mx|Dr|Prof|[Ss]igned|[Rr]egards|[Ss]incerely)\\b\\.?,?|\\b(Name|NAME)[ \\t]*:)[ \\t]*\\n?[ \\t]*(${NAME_WORD}(?:[ \\t]+${NAME_WORD}){0,3})`,
  'y',
);
/**
 * Every match of PERSON_PATTERN starts with one of these (any case). Tried only at their occurrences, which
 * the engine's prefilter pass finds, PERSON costs nothing on the bulk of the text; as one regular
 * expression over the whole text its leading alternation was the dearest PII detector on code.
 */
export const INTRODUCERS = [
  'my name',
  'his name',
  'her name',
  'their name',
  'your name',
  'call me',
  'dear',
  'mr',
  'ms',
  'mx',
  'miss',
  'dr',
  'prof',
  'signed',
  'regards',
  'sincerely',
  'name',
];
const findIntroducers = createAnchorFinder(INTRODUCERS);

// Capitalised words that follow these introducers without being names.
const NOT_NAMES = new Set([
  'The',
  'A',
  'An',
  'This',
  'That',
  'It',
  'Sir',
  'Madam',
  'Customer',
  'User',
  'Team',
  'All',
  'Name',
  'Email',
  'Phone',
  'Address',
  'Date',
  'Hi',
  'Hello',
]);

/**
 * Finds person names introduced as such (titles, salutations, "my name is", "Name:"). Measured on
 * the presidio synthetic corpus it is precise but finds only names that have such an introducer.
 */
export const personNameDetector: Detector = {
  id: 'pii-person',
  keywords: [
    'my name',
    'his name',
    'her name',
    'their name',
    'your name',
    'name:',
    'name :',
    'call me',
    'dear ',
    'mr.',
    'mr ',
    'mrs',
    'ms.',
    'ms ',
    'miss ',
    'mx.',
    'dr.',
    'dr ',
    'prof.',
    'prof ',
    'signed',
    'regards',
    'sincerely',
  ],
  anchors: INTRODUCERS,
  detect(text: string, context: DetectContext): DetectorMatch[] {
    const matches: DetectorMatch[] = [];
    // `\b` before an introducer: one character look-up rules out `params`, `address`, `username`.
    const isWordStart = (start: number) => !isWordCharAt(text, start - 1);
    for (const match of matchAtAnchors(text, PERSON_PATTERN, findIntroducers(text, context), isWordStart)) {
      const words = (match[2] ?? '').split(/[ \t]+/);
      while (words.length > 0 && NOT_NAMES.has(words[0]!.replace(/\.$/, ''))) words.shift();
      // After "Name:" one capitalised word is as often a type in code (`name: String`) as a name.
      if (words.length === 0 || (match[1] !== undefined && words.length < 2)) continue;
      const name = words.join(' ').replace(/\.$/, '');
      const nameStart = match.index + match[0].lastIndexOf(name);
      matches.push({ category: 'pii', type: 'person', start: nameStart, end: nameStart + name.length, confidence: 0.6 });
    }
    return matches;
  },
};
