import { describe, expect, it } from 'vitest';
import { createDefaultInspectConfig } from '../../../../src/config/inspect-schema.js';
import { createInspector, type Inspector } from '../../../../src/inspect/create-inspector.js';
import { secretDetectors } from '../../../../src/inspect/detectors/secrets/index.js';
import type { Detector } from '../../../../src/inspect/types.js';
import { TOKEN_CASES } from './token-rule-cases.js';

/** An inspector holding only `detector`: prefilter, normalisation and decoding included, nothing else to muddy the result. */
function inspectorFor(detector: Detector): Inspector {
  return createInspector({ config: createDefaultInspectConfig(), fingerprintKey: 'test', detectors: [detector] });
}

function findDetector(id: string): Detector {
  const detector = secretDetectors.find((candidate) => candidate.id === id);
  if (detector === undefined) throw new Error(`no detector ${id}`);
  return detector;
}

describe('secret token rules', () => {
  describe.each(TOKEN_CASES)('$id', ({ id, type, token, context, negatives }) => {
    const inspector = inspectorFor(findDetector(id));

    it('finds the token, with exactly its span', () => {
      const text = context(token);
      const findings = inspector.inspectText(text, { role: 'user' });
      expect(findings.map((finding) => [finding.type, text.slice(finding.start, finding.end)])).toEqual([[type, token]]);
      expect(findings[0]!.category).toBe('secret');
      expect(findings[0]!.confidence).toBeGreaterThanOrEqual(0.7);
    });

    it.each(negatives.map((negative) => [negative]))('ignores the near miss %#', (negative) => {
      expect(inspector.inspectText(negative, { role: 'user' })).toEqual([]);
    });
  });

  it('lowers the confidence of a GitHub or npm token whose checksum fails', () => {
    const inspector = inspectorFor(findDetector('github_personal_access_token'));
    const forged = 'ghp_' + 'Ab1'.repeat(12);
    const [finding] = inspector.inspectText(`token: "${forged}"`, { role: 'user' });
    expect(finding?.confidence).toBe(0.6);
  });

  it('covers at least 60 credential types', () => {
    const types = new Set(TOKEN_CASES.map((row) => row.type));
    expect(types.size).toBeGreaterThanOrEqual(60);
  });
});
