import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectSchema } from '../../src/config/inspect-schema.js';
import { createDetectors } from '../../src/inspect/detectors/index.js';

const root = path.join(import.meta.dirname, '../..');
const documentation = readFileSync(path.join(root, 'docs/detectors.md'), 'utf8');

/** Every type name written in a detector's source: `defineSecretRule('x', …` and `type: 'x'`. */
function collectSourceTypes(): Set<string> {
  const types = new Set<string>();
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const source = readFileSync(full, 'utf8');
        for (const match of source.matchAll(/defineSecretRule\(\s*'([a-z0-9_]+)'|\btype: '([a-z0-9_]+)'/g)) {
          const type = match[1] ?? match[2]!;
          if (type !== 'json') types.add(type);
        }
      }
    }
  };
  walk(path.join(root, 'src/inspect/detectors'));
  return types;
}

describe('the documented type vocabulary', () => {
  it('documents every type a detector can emit', () => {
    const undocumented = [...collectSourceTypes()].filter((type) => !documentation.includes(`\`${type}\``));
    expect(undocumented).toEqual([]);
  });

  it('documents every detector id that differs from its type', () => {
    const config = inspectSchema.parse({
      internalDomains: ['corp.example.com'],
      proprietary: { companyNames: ['Acme'], packageScopes: ['@acme/'], keywords: ['falcon'] },
    });
    const ids = createDetectors(config)
      .map((detector) => detector.id)
      .filter((id) => !id.startsWith('pii-') && !id.startsWith('injection-'));
    expect(ids.filter((id) => !documentation.includes(`\`${id}\``) && !documentation.includes(`id \`${id}\``))).toEqual([]);
  });
});
