import { describe, expect, it } from 'vitest';
import { createDefaultInspectConfig } from '../../../../src/config/inspect-schema.js';
import { createInspector } from '../../../../src/inspect/create-inspector.js';
import { secretDetectors } from '../../../../src/inspect/detectors/secrets/index.js';
import { STRUCTURAL_CASES } from './structural-cases.js';

describe('structural secret rules', () => {
  describe.each(STRUCTURAL_CASES)('$id', ({ id, positives, negatives }) => {
    const detector = secretDetectors.find((candidate) => candidate.id === id)!;
    const inspector = createInspector({ config: createDefaultInspectConfig(), fingerprintKey: 'test', detectors: [detector] });

    it.each(positives.map((positive) => [positive.type, positive]))('finds a %s', (_type, { text, type, value }) => {
      const findings = inspector.inspectText(text, { role: 'user' });
      expect(findings.map((finding) => [finding.type, text.slice(finding.start, finding.end)])).toEqual([[type, value]]);
    });

    it.each(negatives.map((negative) => [negative]))('ignores %s', (negative) => {
      expect(inspector.inspectText(negative, { role: 'user' })).toEqual([]);
    });
  });

  it('names the key kind in detail', () => {
    const detector = secretDetectors.find((candidate) => candidate.id === 'private_key')!;
    const [rsa, openssh] = STRUCTURAL_CASES.find((row) => row.id === 'private_key')!.positives;
    expect(detector.detect(rsa!.text, { role: 'user' })[0]?.detail).toBe('rsa');
    expect(detector.detect(openssh!.text, { role: 'user' })[0]?.detail).toBe('openssh');
  });
});
