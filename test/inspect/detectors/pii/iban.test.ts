import { describe, expect, it } from 'vitest';
import { ibanDetector, isIbanChecksumValid } from '../../../../src/inspect/detectors/pii/iban.js';
import { findValues, timeDetect } from './detect-helper.js';

describe('ibanDetector', () => {
  it.each([
    ['IBAN: GB82 WEST 1234 5698 7654 32 thanks', 'GB82 WEST 1234 5698 7654 32'],
    ['send to DE89370400440532013000.', 'DE89370400440532013000'],
    ['fr: FR1420041010050500013M02606', 'FR1420041010050500013M02606'],
    ['lower case gb82west12345698765432 works', 'gb82west12345698765432'],
    ['Norway NO9386011117947 is short', 'NO9386011117947'],
    ['GB82 WEST 1234 5698 7654 32 Main Street', 'GB82 WEST 1234 5698 7654 32'],
  ])('finds the IBAN in %j', (text, expected) => {
    expect(findValues(ibanDetector, text)).toEqual([expected]);
  });

  it.each([
    ['GB82WEST12345698765433', 'mod-97 fails'],
    ['GB82WEST1234569876543', 'one character short for GB'],
    ['DE8937040044053201300012', 'too long for DE'],
    ['XX82WEST12345698765432', 'unknown country'],
    ['Gb82WeSt12345698765432', 'mixed case identifier'],
    ['sha256-ab12cdef34567890abcdef', 'hash-like token'],
    ['GB82WEST12345698765432ABC', 'glued to more letters'],
  ])('ignores %j (%s)', (text) => {
    expect(findValues(ibanDetector, text)).toEqual([]);
  });

  it('computes ISO 7064 mod 97-10', () => {
    expect(isIbanChecksumValid('GB82WEST12345698765432')).toBe(true);
    expect(isIbanChecksumValid('GB83WEST12345698765432')).toBe(false);
  });

  it('stays linear on adversarial input', () => {
    expect(timeDetect(ibanDetector, 'GB82 '.repeat(50_000))).toBeLessThan(500);
    expect(timeDetect(ibanDetector, 'AB12'.repeat(50_000))).toBeLessThan(500);
  });
});
