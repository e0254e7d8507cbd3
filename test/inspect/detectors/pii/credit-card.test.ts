import { describe, expect, it } from 'vitest';
import { creditCardDetector, hasKnownIssuer, isLuhnValid } from '../../../../src/inspect/detectors/pii/credit-card.js';
import { findValues, timeDetect } from './detect-helper.js';

describe('creditCardDetector', () => {
  it.each([
    ['Visa 4111 1111 1111 1111 exp 12/29', '4111 1111 1111 1111'],
    ['pay with 5555-5555-5555-4444.', '5555-5555-5555-4444'],
    ['amex 378282246310005', '378282246310005'],
    ['Mastercard 2-series 2223003122003222', '2223003122003222'],
    ['Discover: 6011 0009 9013 9424', '6011 0009 9013 9424'],
    ['Diners 3056 930902 5904', '3056 930902 5904'],
    ['JCB 3530111333300000', '3530111333300000'],
    ['card ending 4111 1111 1111 1111 2024', '4111 1111 1111 1111'],
    // Unknown issuer range, Luhn-valid: only because the text says "card".
    ['my card 3598899323053410 was lost', '3598899323053410'],
  ])('finds the card in %j', (text, expected) => {
    expect(findValues(creditCardDetector, text)).toEqual([expected]);
  });

  it.each([
    ['4111 1111 1111 1112', 'Luhn fails'],
    ['id 3598899323053410', 'unknown issuer without card context'],
    ['0000 0000 0000 0000', 'repeated digit'],
    ['const big = 4111111111111111.5;', 'decimal number'],
    ['uuid 41111111-1111-1111-1111-111111111111', 'UUID groups'],
    ['4111-1111 1111-1111', 'mixed separators'],
    ['0x4111111111111111', 'hex literal'],
    ['a1111111111111111', 'identifier'],
    ['41 11 11 11 11 11 11 11', 'groups too short'],
    ['timestamp 1700000000000000', 'microsecond timestamp'],
  ])('ignores %j (%s)', (text) => {
    expect(findValues(creditCardDetector, text)).toEqual([]);
  });

  it('checks Luhn and issuer tables', () => {
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(hasKnownIssuer('4111111111111111')).toBe(true);
    expect(hasKnownIssuer('411111111111111')).toBe(false); // Visa is never 15 digits
    expect(hasKnownIssuer('371449635398431')).toBe(true);
  });

  it('stays linear on adversarial input', () => {
    expect(timeDetect(creditCardDetector, '1 '.repeat(100_000))).toBeLessThan(500);
    expect(timeDetect(creditCardDetector, '1-'.repeat(100_000))).toBeLessThan(500);
  });
});
