import { describe, expect, it } from 'vitest';
import { inspectSchema } from '../../../../src/config/inspect-schema.js';
import { createCodeDetectors } from '../../../../src/inspect/detectors/code/index.js';
import { identifyLanguage, sourceCodeDetector } from '../../../../src/inspect/detectors/code/source-code.js';
import { createInspector } from '../../../../src/inspect/create-inspector.js';
import { CODE_SAMPLES, PROSE_SAMPLES } from './language-samples.js';

const config = inspectSchema.parse({
  proprietary: {
    companyNames: ['Acme Corp', 'Acme Industries'],
    packageScopes: ['@acme/', '@acme-internal'],
    keywords: ['Project Falcon', 'billing-core'],
  },
});
const inspector = createInspector({ config, fingerprintKey: 'test', detectors: createCodeDetectors(config) });

function find(text: string): [string, string][] {
  return inspector.inspectText(text, { role: 'user' }).map((finding) => [finding.type, text.slice(finding.start, finding.end)]);
}

describe('source code signal', () => {
  it.each(Object.entries(CODE_SAMPLES))('recognises %s', (language, code) => {
    const matches = sourceCodeDetector.detect(code, { role: 'user' });
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ category: 'code', type: 'source_code', detail: language, start: 0, end: code.length, region: true });
  });

  it.each(PROSE_SAMPLES.map((prose) => [prose.slice(0, 40), prose]))('does not call prose code: %s…', (_label, prose) => {
    expect(sourceCodeDetector.detect(prose, { role: 'user' })).toEqual([]);
  });

  it('judges fenced blocks one by one, taking the language from the info string', () => {
    const text = `${PROSE_SAMPLES[0]}\n\n\`\`\`go\n${CODE_SAMPLES['go']}\`\`\`\n\nand this:\n\n\`\`\`\n${CODE_SAMPLES['python']}\`\`\`\n\n\`\`\`text\njust some words here, nothing else at all\n\`\`\`\n`;
    const matches = sourceCodeDetector.detect(text, { role: 'user' });
    expect(matches.map((match) => [match.detail, text.slice(match.start, match.end)])).toEqual([
      ['go', CODE_SAMPLES['go']],
      ['python', CODE_SAMPLES['python']],
    ]);
  });

  it('takes a fence only at a line start, after at most four spaces or tabs, and closes it with the same marker', () => {
    const python = CODE_SAMPLES['python']!;
    const text = (fence: string, close: string) => `${PROSE_SAMPLES[0]}\n${fence}\n${python}${close}\n${PROSE_SAMPLES[1]}`;
    const blocks = (value: string) =>
      sourceCodeDetector.detect(value, { role: 'user' }).map((match) => value.slice(match.start, match.end));
    expect(blocks(text('    ```py', '    ```'))).toEqual([python]);
    expect(blocks(text('\t~~~', '~~~'))).toEqual([python]);
    expect(blocks(text('```', '~~~\n```'))).toEqual([`${python}~~~\n`]);
    // Five spaces make an indented code line, not a fence; a marker after text on its line is not one either:
    // without fences the text is judged as a whole.
    for (const unfenced of [text('     ```', '     ```'), text('see ```', 'x ```')]) {
      const spans = sourceCodeDetector.detect(unfenced, { role: 'user' }).map((match) => [match.start, match.end]);
      expect(spans.every(([start, end]) => start === 0 && end === unfenced.length)).toBe(true);
    }
    // Four backticks open a fence (its first three are the marker); an unclosed fence runs to the end.
    expect(blocks(`${PROSE_SAMPLES[0]}\n\`\`\`\`\n${python}`)).toEqual([python]);
  });

  it('keeps a file whose comments hold fenced examples as one region of code', () => {
    const file = `/**\n * Formats a price.\n * \`\`\`js\n * formatPrice(100) // '1.00'\n * \`\`\`\n */\n${CODE_SAMPLES['javascript']}`;
    const matches = sourceCodeDetector.detect(file, { role: 'file' });
    expect(matches.map((match) => [match.detail, match.start, match.end])).toEqual([['javascript', 0, file.length]]);
  });

  it('weighs type-only imports and exports as TypeScript evidence whatever the prose around them says', () => {
    const code = [
      "import type { Options } from './options';",
      'export type\n{ Result };',
      "const load = require('./load');",
      'const parse = (text) => text.trim();',
      'function run(options) {',
      '  if (options === undefined) return null;',
      '  console.log(typeof options);',
      '  return load(parse(options.path));',
      '}',
      'module.exports = { run };',
    ].join('\n');
    expect(identifyLanguage(code)?.language).toBe('typescript');
    // "TypeScript" holds `ype` but not the word `type`: the prose neither adds evidence nor hides the code's.
    expect(identifyLanguage(`Explain this TypeScript:\n${code}`)?.language).toBe('typescript');
    expect(identifyLanguage(code.replace(/ type\b/g, ''))?.language).toBe('javascript');
  });

  it('skips a leading licence comment before judging', () => {
    const header = `/*\n${PROSE_SAMPLES[4]}\n${PROSE_SAMPLES[4]}\n*/\n`;
    expect(identifyLanguage(header)).toBeNull();
    expect(sourceCodeDetector.detect(header + CODE_SAMPLES['javascript'], { role: 'user' })[0]?.detail).toBe('javascript');
  });

  it('ignores tiny texts', () => {
    expect(sourceCodeDetector.detect('x = 1;', { role: 'user' })).toEqual([]);
  });
});

describe('proprietary markers', () => {
  it('finds the company in copyright headers only', () => {
    expect(find('// Copyright (c) 2024 Acme Corp. All rights reserved.')).toContainEqual([
      'proprietary_copyright',
      'Copyright (c) 2024 Acme Corp',
    ]);
    expect(find('© 2023 Acme Industries')).toContainEqual(['proprietary_copyright', '© 2023 Acme Industries']);
    expect(find('We bought a lamp from Acme Corp yesterday.').filter(([type]) => type === 'proprietary_copyright')).toEqual([]);
  });

  it('finds internal package scopes in imports and manifests', () => {
    expect(find("import { charge } from '@acme/billing/client';")).toContainEqual(['internal_package', '@acme/billing/client']);
    expect(find('"@acme-internal/ui": "^2.1.0"')).toContainEqual(['internal_package', '@acme-internal/ui']);
    expect(find("import x from '@acmecorp/billing'").filter(([type]) => type === 'internal_package')).toEqual([]);
  });

  it('finds codenames as whole words', () => {
    expect(find('Status of Project Falcon and billing-core?')).toEqual([
      ['proprietary_keyword', 'Project Falcon'],
      ['proprietary_keyword', 'billing-core'],
    ]);
    expect(find('billing-cores and xbilling-core')).toEqual([]);
  });

  it('finds capitalised confidentiality markings but not prose or licences', () => {
    expect(find('ACME CONFIDENTIAL - do not share')).toContainEqual(['confidentiality_marking', 'CONFIDENTIAL']);
    expect(find('INTERNAL USE ONLY')).toContainEqual(['confidentiality_marking', 'INTERNAL USE ONLY']);
    expect(find('Proprietary and Confidential')).toContainEqual(['confidentiality_marking', 'Proprietary and Confidential']);
    expect(find('Please keep this confidential between us.')).toEqual([]);
    expect(find('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND. PROPRIETARY')).toEqual([]);
  });

  it('builds no marker detectors when none are configured', () => {
    const ids = createCodeDetectors(inspectSchema.parse({})).map((detector) => detector.id);
    expect(ids).toEqual(['confidentiality_marking', 'source_code']);
  });
});
