import { describe, expect, it } from 'vitest';
import { dateOfBirthDetector } from '../../../../src/inspect/detectors/pii/date-of-birth.js';
import { findValues, timeDetect } from './detect-helper.js';

describe('dateOfBirthDetector', () => {
  it.each([
    ["Please tell me your date of birth. It's 2/16/1942", '2/16/1942'],
    ['she was born on 8/5/1989 in Oslo', '8/5/1989'],
    ['DOB: 1975-03-21', '1975-03-21'],
    ['Birthday: March 5, 1990', 'March 5, 1990'],
    ['born 5th of June 2001', '5th of June 2001'],
  ])('finds the date in %j', (text, expected) => {
    expect(findValues(dateOfBirthDetector, text)).toEqual([expected]);
  });

  it.each([
    ['released on 2/16/1942', 'a date without birth context'],
    ['born in Paris', 'birth context without a date'],
    ['DOB field is 12 characters long', 'no date'],
    ['born on 1.2.3.4', 'a dotted version'],
  ])('ignores %j (%s)', (text) => {
    expect(findValues(dateOfBirthDetector, text)).toEqual([]);
  });

  it('stays linear on adversarial input', () => {
    expect(timeDetect(dateOfBirthDetector, 'born on '.repeat(40_000))).toBeLessThan(500);
  });
});
