import { describe, expect, it } from 'vitest';
import { phoneDetector } from '../../../../src/inspect/detectors/pii/phone.js';
import { findValues, timeDetect } from './detect-helper.js';

describe('phoneDetector', () => {
  it.each([
    ['Call (213) 373-4253 after five', '(213) 373-4253'],
    ['our number is 415-555-0132 now', '415-555-0132'],
    ['UK office +44 20 7946 0958.', '+44 20 7946 0958'],
    ['Paris: 01 42 68 53 00', '01 42 68 53 00'],
    ['mobile: 07700 900123', '07700 900123'],
    ['Fax: 345-899-3560x4587', '345-899-3560x4587'],
    ['Phone:\n467 3395', '467 3395'],
    ['+46 (0)8 928 571 38 fax', '+46 (0)8 928 571 38'],
    ['please call me on 5403926876', '5403926876'],
  ])('finds the number in %j', (text, expected) => {
    expect(findValues(phoneDetector, text)).toEqual([expected]);
  });

  it.each([
    ['const timeout = 2147483647;', 'bare constant'],
    ['created 1700000000 and 1700000123', 'unix timestamps'],
    ['version 10.12.14.2051', 'version'],
    ['at 2024-01-31 10:20:30 UTC', 'ISO date and time'],
    ['on 31.01.2024 we shipped', 'European date'],
    ['SSN 123-45-6780', 'SSN shape'],
    ['uuid 123e4567-e89b-12d3-a456-426614174000', 'UUID'],
    ['hash 9f86d081884c7d659a2feaa0c55ad015', 'hex digest'],
    ['listen on port 8080 and 3000 and 5432', 'port numbers'],
    ['M 12 345 678 901 L 20 30', 'SVG path data'],
    ['my card number is 4111111111111111', 'a card, introduced as a card'],
    ['Suite 541 6343 Skogstien 106', 'house numbers'],
    ['1 + 2 - 3 - 4 - 5 - 6 - 7', 'arithmetic'],
    ['0x1234 5678 9abc', 'hex words'],
  ])('ignores %j (%s)', (text) => {
    expect(findValues(phoneDetector, text)).toEqual([]);
  });

  it('gives context-backed numbers higher confidence than bare valid ones', () => {
    const [withContext] = phoneDetector.detect('phone: 415-555-0132', { role: 'user' });
    const [without] = phoneDetector.detect('see 415-555-0132', { role: 'user' });
    expect(withContext?.confidence).toBeGreaterThan(without?.confidence ?? 1);
  });

  it('stays fast on adversarial input', () => {
    expect(timeDetect(phoneDetector, '1 '.repeat(100_000))).toBeLessThan(1_000);
    expect(timeDetect(phoneDetector, '(1'.repeat(100_000))).toBeLessThan(1_000);
    expect(timeDetect(phoneDetector, '0'.repeat(200_000))).toBeLessThan(1_000);
  });
});
