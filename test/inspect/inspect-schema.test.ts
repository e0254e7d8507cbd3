import { describe, expect, it } from 'vitest';
import { inspectSchema } from '../../src/config/inspect-schema.js';
import { configSchema } from '../../src/config/schema.js';
import { createClassifier } from '../../src/inspect/classify.js';

describe('inspect config section', () => {
  it('accepts {} with every default', () => {
    expect(inspectSchema.parse({})).toEqual({
      internalDomains: [],
      proprietary: { companyNames: [], packageScopes: [], keywords: [] },
      classification: { categories: {}, types: {} },
      disabledDetectors: [],
      minConfidence: 0,
      decode: { maxDepth: 2, maxBytes: 262_144 },
    });
  });

  it('normalises domains and rejects malformed values, naming the path', () => {
    expect(inspectSchema.parse({ internalDomains: ['.Corp.Acme.COM '] }).internalDomains).toEqual(['corp.acme.com']);
    const result = inspectSchema.safeParse({
      internalDomains: ['not a domain'],
      proprietary: { packageScopes: ['acme'] },
      classification: { categories: { secret: 'top-secret' } },
      decode: { maxDepth: 9 },
      unknownField: true,
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['internalDomains.0', 'proprietary.packageScopes.0', 'classification.categories.secret', 'decode.maxDepth']),
    );
  });

  it('is the `inspect` section of the Airlock config', () => {
    const shape = configSchema.shape as Record<string, unknown>;
    expect(shape['inspect']).toBeDefined();
  });
});

describe('classification', () => {
  it('defaults: secret restricted, pii/config/code confidential, source_code internal, injection public', () => {
    const classifier = createClassifier({ categories: {}, types: {} });
    expect(classifier.classify([])).toBe('public');
    expect(classifier.classify([{ category: 'injection', type: 'instruction_override' }])).toBe('public');
    expect(classifier.classify([{ category: 'code', type: 'source_code' }])).toBe('internal');
    expect(
      classifier.classify([
        { category: 'code', type: 'source_code' },
        { category: 'pii', type: 'email' },
      ]),
    ).toBe('confidential');
    expect(
      classifier.classify([
        { category: 'config', type: 'private_ip' },
        { category: 'secret', type: 'jwt' },
      ]),
    ).toBe('restricted');
  });

  it('lets config override categories and types, types winning', () => {
    const classifier = createClassifier({ categories: { pii: 'restricted', injection: 'confidential' }, types: { email: 'internal' } });
    expect(classifier.classify([{ category: 'pii', type: 'email' }])).toBe('internal');
    expect(classifier.classify([{ category: 'pii', type: 'phone' }])).toBe('restricted');
    expect(classifier.classify([{ category: 'injection', type: 'x' }])).toBe('confidential');
  });
});
