import { describe, expect, it } from 'vitest';
import { isValidSsn, usSsnDetector } from '../../../../src/inspect/detectors/pii/us-ssn.js';
import { findValues, timeDetect } from './detect-helper.js';

describe('usSsnDetector', () => {
  it.each([
    ["Here's my SSN: 054-28-6917", '054-28-6917'],
    ['record 536-22-8726 on file', '536-22-8726'],
    ['social security number 536 22 8726', '536 22 8726'],
    ['SSN 536228726', '536228726'],
  ])('finds the SSN in %j', (text, expected) => {
    expect(findValues(usSsnDetector, text)).toEqual([expected]);
  });

  it.each([
    ['id 536228726', 'bare nine digits without context'],
    ['SSN 000-12-3456', 'area 000'],
    ['SSN 666-12-3456', 'area 666'],
    ['SSN 912-12-3456', 'area 9xx'],
    ['SSN 536-00-3456', 'group 00'],
    ['SSN 536-12-0000', 'serial 0000'],
    ['SSN 536-12 3456', 'mixed separators'],
    ['SSN 078-05-1120', 'the Woolworth wallet number'],
    ['v536-22-8726', 'glued to a letter'],
    ['1.536-22-8726', 'part of a longer number'],
    ['ts 2024-01-3112', 'date-like'],
  ])('ignores %j (%s)', (text) => {
    expect(findValues(usSsnDetector, text)).toEqual([]);
  });

  it('rejects unissued ranges', () => {
    expect(isValidSsn('123', '45', '6780')).toBe(true);
    expect(isValidSsn('900', '45', '6780')).toBe(false);
  });

  it('stays linear on adversarial input', () => {
    expect(timeDetect(usSsnDetector, '123-45-'.repeat(50_000))).toBeLessThan(500);
  });
});
