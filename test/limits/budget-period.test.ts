import { describe, expect, it } from 'vitest';
import { getPeriodKey } from '../../src/limits/budget-period.js';

describe('getPeriodKey', () => {
  it('names the UTC day and month, changing exactly at midnight UTC', () => {
    const midnight = Date.UTC(2026, 11, 1);
    expect(getPeriodKey('day', midnight - 1)).toBe('2026-11-30');
    expect(getPeriodKey('month', midnight - 1)).toBe('2026-11');
    expect(getPeriodKey('day', midnight)).toBe('2026-12-01');
    expect(getPeriodKey('month', midnight)).toBe('2026-12');
    // Back again: the key is computed from the time asked for, whatever was asked before.
    expect(getPeriodKey('day', Date.UTC(2025, 0, 31, 23, 59, 59, 999))).toBe('2025-01-31');
    expect(getPeriodKey('month', Date.UTC(2026, 1, 28, 12))).toBe('2026-02');
  });
});
