import { describe, expect, it } from 'vitest';
import { secretDetectors } from '../../../../src/inspect/detectors/secrets/index.js';
import { STRUCTURAL_CASES } from './structural-cases.js';
import { TOKEN_CASES } from './token-rule-cases.js';

describe('secret rule coverage', () => {
  it('gives every secret detector true-positive and false-positive cases', () => {
    const covered = new Map<string, { positives: number; negatives: number }>();
    for (const row of TOKEN_CASES) covered.set(row.id, { positives: 1, negatives: row.negatives.length });
    for (const row of STRUCTURAL_CASES) covered.set(row.id, { positives: row.positives.length, negatives: row.negatives.length });
    const missing = secretDetectors
      .map((detector) => detector.id)
      .filter((id) => (covered.get(id)?.positives ?? 0) === 0 || (covered.get(id)?.negatives ?? 0) === 0);
    expect(missing).toEqual([]);
  });

  it('has unique detector ids', () => {
    const ids = secretDetectors.map((detector) => detector.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
