import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createConfigJsonSchema } from '../../src/cli/config.js';
import { loadConfig } from '../../src/config/load-config.js';

describe('config JSON Schema and example', () => {
  it('docs/config.schema.json is current (run npm run docs)', () => {
    const committed: unknown = JSON.parse(readFileSync(new URL('../../docs/config.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(createConfigJsonSchema());
  });

  it('the example config is valid and has a local, an embedded and an enterprise destination', () => {
    const loaded = loadConfig({ file: new URL('../../examples/airlock.yaml', import.meta.url).pathname, env: {} });
    const kinds = Object.values(loaded.config.destinations).map((destination) => `${destination.kind}/${destination.tier}`);
    expect(kinds).toEqual(expect.arrayContaining(['embedded/local', 'ollama/local', 'openai-compatible/enterprise']));
  });
});
