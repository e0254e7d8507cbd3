import { describe, expect, it } from 'vitest';
import { streetAddressDetector } from '../../../../src/inspect/detectors/pii/street-address.js';
import { findValues, timeDetect } from './detect-helper.js';

describe('streetAddressDetector', () => {
  it.each([
    ['send it to 14 Crown Street, London', '14 Crown Street'],
    ['Office: 1600 Pennsylvania Ave NW', '1600 Pennsylvania Ave'],
    ['221B Baker Street Apt. 3 is famous', '221B Baker Street Apt. 3'],
    ['I live at 3378 217 Lovers Lane', '217 Lovers Lane'],
  ])('finds the address in %j', (text, expected) => {
    expect(findValues(streetAddressDetector, text)).toEqual([expected]);
  });

  it.each([
    ['// 2 leads in a row', 'lower-case words'],
    ['HTTP/1.1 response and close', 'a version number'],
    [' * Copyright 2011 Gary Court. All rights reserved.', 'a copyright line'],
    ['const way = 3; let place = 4;', 'code'],
    ['version 2 Road Map', 'no house number directly before the name'],
  ])('ignores %j (%s)', (text) => {
    expect(findValues(streetAddressDetector, text)).toEqual([]);
  });

  it('stays linear on adversarial input', () => {
    expect(timeDetect(streetAddressDetector, '1 Aa Bb Cc Dd Ee '.repeat(20_000))).toBeLessThan(500);
    expect(timeDetect(streetAddressDetector, '12345 '.repeat(40_000))).toBeLessThan(500);
  });
});
