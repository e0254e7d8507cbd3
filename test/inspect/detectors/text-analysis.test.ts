import { describe, expect, it } from 'vitest';
import { PRIVATE_IPV4 } from '../../../src/inspect/detectors/config/private-ip.js';
import { CARD_CANDIDATE, MIN_CARD_DIGITS } from '../../../src/inspect/detectors/pii/credit-card.js';
import { IBAN_CANDIDATE, matchIbanCandidates } from '../../../src/inspect/detectors/pii/iban.js';
import { IPV4_SHAPE } from '../../../src/inspect/detectors/pii/ip-address.js';
import { MIN_PHONE_DIGITS, PHONE_CANDIDATE } from '../../../src/inspect/detectors/pii/phone.js';
import { isHouseNumberStart, STREET_ADDRESS } from '../../../src/inspect/detectors/pii/street-address.js';
import { SSN_CANDIDATE, SSN_DIGITS } from '../../../src/inspect/detectors/pii/us-ssn.js';
import { analyzeText, isDigitAt, isNumberStart, matchNumberRuns, TextAnalysis } from '../../../src/inspect/detectors/text-analysis.js';

function createTexts(pieces: readonly string[], count: number, seed: number): string[] {
  let state = seed;
  const next = (limit: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % limit;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + next(40) }, () => pieces[next(pieces.length)]!).join(''));
}

const PIECES = [
  ...'0123456789',
  ...'0123456789',
  ...[' ', '-', '.', '(', ')', '+', '/', ':', 'x', 'a', 'Z', '_', ',', '\n', '192.168.', '10.0.', '/24'],
  ...['4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005', '123-45-6789', '078 05 1120', '(213) 373-4253'],
  ...['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000', 'nl91abna0417164300', 'AB', 'de', ' Baker Street', ' Main St', 'B Elm Ave'],
  ...[' Apt 5', ' of the ', ' Rue de la ', 'Street', 'Copyright ', 'v'],
];
const TEXTS = [
  ...createTexts(PIECES, 3_000, 21),
  'Call (213) 373-4253 or +44 20 7946 0958',
  'card 4111 1111 1111 1111, ssn 123-45-6789',
  'hosts 10.0.0.1/24 and 8.8.8.8',
];

/** Maximal runs of `[0-9 ().+-]` holding a digit, read character by character. */
function findRunsNaively(text: string): number[] {
  const runs: number[] = [];
  for (const match of text.matchAll(/[0-9 ().+-]+/g)) {
    const digits = match[0].replace(/[^0-9]/g, '').length;
    const dots = match[0].replace(/[^.]/g, '').length;
    if (digits > 0) runs.push(match.index, match.index + match[0].length, digits, dots);
  }
  return runs;
}

function countOf(value: string, pattern: RegExp): number {
  return value.match(pattern)?.length ?? 0;
}

describe('TextAnalysis.numberRuns', () => {
  it('finds the maximal runs of number characters that hold a digit, with their digits and dots', () => {
    expect([...new TextAnalysis('tel: +1 (415) 555-0132; v1.2 and 10.0.0.1').numberRuns]).toEqual([
      4, 22, 11, 0, 25, 29, 2, 1, 32, 41, 5, 3,
    ]);
    for (const text of TEXTS) expect([...new TextAnalysis(text).numberRuns], text).toEqual(findRunsNaively(text));
  });

  it('is shared through the context only for the text it was made for', () => {
    const analysis = new TextAnalysis('a 1234');
    expect(analyzeText('a 1234', { role: 'user', analysis })).toBe(analysis);
    expect(analyzeText('b 1234', { role: 'user', analysis })).not.toBe(analysis);
  });

  it('stays linear on adversarial input', () => {
    for (const input of ['1 '.repeat(50_000), '1'.repeat(100_000), '1 2 3 '.repeat(20_000) + 'x', `1${' '.repeat(100_000)}2`]) {
      const started = performance.now();
      void new TextAnalysis(input).numberRuns;
      expect(performance.now() - started).toBeLessThan(200);
    }
  });
});

describe('matchIbanCandidates', () => {
  it('finds every candidate a global search finds, trying only two characters before each number run', () => {
    const global = new RegExp(IBAN_CANDIDATE.source, 'g');
    let compared = 0;
    for (const text of TEXTS) {
      const expected = [...text.matchAll(global)].map((match) => `${match.index}:${match[0]}`);
      expect(
        matchIbanCandidates(new TextAnalysis(text)).map((match) => `${match.index}:${match[0]}`),
        text,
      ).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(20);
  });
});

describe('matchNumberRuns', () => {
  // Each shipped pattern with the fewest digits and dots any match it can accept has.
  const shapes = [
    ['phone', PHONE_CANDIDATE, MIN_PHONE_DIGITS, 0, isNumberStart],
    ['card', CARD_CANDIDATE, MIN_CARD_DIGITS, 0, isNumberStart],
    ['ssn', SSN_CANDIDATE, SSN_DIGITS, 0, isNumberStart],
    ['ipv4', IPV4_SHAPE, 4, 3, isDigitAt],
    ['private ipv4', PRIVATE_IPV4, 4, 3, isDigitAt],
    ['street address', STREET_ADDRESS, 1, 0, isHouseNumberStart],
  ] as const;

  it.each(shapes)(
    'finds every %s match a global search finds that holds enough digits and dots',
    (_name, sticky, digits, dots, canStart) => {
      const global = new RegExp(sticky.source, sticky.flags.replace('y', 'g'));
      const enough = (match: RegExpExecArray) => countOf(match[0], /[0-9]/g) >= digits && countOf(match[0], /\./g) >= dots;
      let compared = 0;
      for (const text of TEXTS) {
        const expected = [...text.matchAll(global)].filter(enough).map((match) => `${match.index}:${match[0]}`);
        const actual = matchNumberRuns(new TextAnalysis(text), sticky, digits, dots, canStart).filter(enough);
        expect(
          actual.map((match) => `${match.index}:${match[0]}`),
          text,
        ).toEqual(expected);
        compared += expected.length;
      }
      expect(compared).toBeGreaterThan(20);
    },
  );
});
