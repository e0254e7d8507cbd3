import { describe, expect, it } from 'vitest';
import { personNameDetector } from '../../../../src/inspect/detectors/pii/person-name.js';
import { findValues, timeDetect } from './detect-helper.js';

describe('personNameDetector', () => {
  it.each([
    ['My name is Rubija', 'Rubija'],
    ['Dear Anette Lahtela,\nthanks', 'Anette Lahtela'],
    ['please correct it to Dr. Moira Pagan', 'Moira Pagan'],
    ['Name: Kamila Červinková\nPhone: 1', 'Kamila Červinková'],
    ['For my take on Mrs. Baker, read on', 'Baker'],
    ['Kind regards,\nStefanie F. Schneider', 'Stefanie F. Schneider'],
  ])('finds the name in %j', (text, expected) => {
    expect(findValues(personNameDetector, text)).toEqual([expected]);
  });

  it.each([
    ['call me at 0494 92 82 32', 'lower-case word after "call me"'],
    ['const config = { name: "server" }', 'a name property in code'],
    [' * @returns {name is SchemeName}', 'a TypeScript type guard in JSDoc'],
    ['Dear customer, your order shipped', 'a lower-case salutation'],
    ['timeout in ms Default 30', 'ms as a unit'],
    ['Dear Sir', 'only a form of address'],
    ['  (name: BetaBrowserMemberName, input: B)', 'a TypeScript parameter type'],
    ['Name: String;', 'one capitalised word after Name:'],
  ])('ignores %j (%s)', (text) => {
    expect(findValues(personNameDetector, text)).toEqual([]);
  });

  it('stays linear on adversarial input', () => {
    expect(timeDetect(personNameDetector, 'Dear '.repeat(40_000))).toBeLessThan(500);
    expect(timeDetect(personNameDetector, `Name: ${'Aa '.repeat(40_000)}`)).toBeLessThan(500);
  });
});
