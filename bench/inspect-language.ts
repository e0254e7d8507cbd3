/**
 * How well the source-code signal names languages, measured on real files found on this machine
 * (installed packages, language runtimes, system headers) and on real prose (README paragraphs
 * and licence texts). Run: `npx tsx bench/inspect-language.ts`; writes bench/results/inspect-language.md.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sourceCodeDetector } from '../src/inspect/detectors/code/source-code.js';

interface Corpus {
  language: string;
  roots: string[];
  pattern: RegExp;
}

const PER_CORPUS = Number(process.env['BENCH_FILES'] ?? 300);
const CORPORA: Corpus[] = [
  { language: 'javascript', roots: ['node_modules'], pattern: /\.(?:js|mjs|cjs)$/ },
  { language: 'typescript', roots: ['node_modules', 'src'], pattern: /(?<!\.d)\.ts$/ },
  {
    language: 'python',
    roots: ['/usr/lib/python3', '/root/.pyenv/versions/3.11.7/lib/python3.11', '/usr/lib/google-cloud-sdk/lib'],
    pattern: /\.py$/,
  },
  { language: 'c', roots: ['/usr/include', 'node_modules'], pattern: /\.c$/ },
  { language: 'cpp', roots: ['node_modules', '/usr/include'], pattern: /\.(?:cpp|cc|hpp)$/ },
  { language: 'php', roots: ['/usr/share', '/usr/lib'], pattern: /\.php$/ },
  { language: 'shell', roots: ['/usr/share', '/usr/lib', '/etc', 'node_modules'], pattern: /\.sh$/ },
  { language: 'sql', roots: ['/usr/share', '/usr/lib', 'node_modules'], pattern: /\.sql$/ },
];

function collect(roots: string[], pattern: RegExp, limit: number): string[] {
  const files: string[] = [];
  const walk = (directory: string, depth: number): void => {
    if (files.length >= limit || depth > 12) return;
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true }).sort((left, right) => (left.name < right.name ? -1 : 1));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (files.length >= limit) return;
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.isFile() && pattern.test(entry.name) && statSync(full).size > 200 && statSync(full).size < 1_000_000) files.push(full);
    }
  };
  for (const root of roots) if (existsSync(root)) walk(root, 0);
  return files;
}

/** Prose paragraphs: README text outside code blocks, and licence files. */
function collectProse(limit: number): string[] {
  const paragraphs: string[] = [];
  for (const file of collect(['node_modules'], /^(?:README\.md|LICENSE(?:\.md|\.txt)?)$/i, 2_000)) {
    const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const paragraph of text.split(/\n\s*\n/)) {
      const trimmed = paragraph.trim();
      const words = trimmed.split(/\s+/).length;
      // Sentences only: no tables, lists of links, headings or indented code.
      if (words < 25 || /^[#|>\-*\d[<!]|^ {4}|\t/m.test(paragraph) || /`/.test(trimmed)) continue;
      paragraphs.push(trimmed);
      if (paragraphs.length >= limit) return paragraphs;
    }
  }
  return paragraphs;
}

function main(): void {
  const rows: string[] = [];
  for (const corpus of CORPORA) {
    const files = collect(corpus.roots, corpus.pattern, PER_CORPUS);
    if (files.length === 0) continue;
    let code = 0;
    let correct = 0;
    const confusions = new Map<string, number>();
    for (const file of files) {
      const [match] = sourceCodeDetector.detect(readFileSync(file, 'utf8'), { role: 'file' });
      if (match === undefined) continue;
      code++;
      if (match.detail === corpus.language) correct++;
      else confusions.set(match.detail ?? '?', (confusions.get(match.detail ?? '?') ?? 0) + 1);
    }
    const mistaken = [...confusions]
      .sort((left, right) => right[1] - left[1])
      .slice(0, 3)
      .map(([language, count]) => `${language} ${count}`)
      .join(', ');
    rows.push(
      `| ${corpus.language} | ${files.length} | ${((100 * code) / files.length).toFixed(1)}% | ${((100 * correct) / files.length).toFixed(1)}% | ${mistaken || '-'} |`,
    );
  }
  const prose = collectProse(PER_CORPUS * 2);
  const flagged = prose.filter((paragraph) => sourceCodeDetector.detect(paragraph, { role: 'user' }).length > 0).length;
  const report = [
    '# Source-code signal: language identification',
    '',
    `Command: \`npx tsx bench/inspect-language.ts\` (BENCH_FILES=${PER_CORPUS}). Machine: ${os.cpus()[0]?.model ?? 'unknown'}, Node ${process.version}.`,
    'Files are real files found on this machine (installed packages, language runtimes, system headers), the first ones in sorted order per language.',
    '',
    '| language | files | called code | right language | mistaken for |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Prose: ${prose.length} README/licence paragraphs (25+ words, no code), **${flagged}** called code (${((100 * flagged) / Math.max(1, prose.length)).toFixed(1)}%).`,
    '',
  ].join('\n');
  process.stdout.write(report);
  if (process.env['BENCH_NO_WRITE'] === undefined) writeFileSync(path.join(import.meta.dirname, 'results', 'inspect-language.md'), report);
}

main();
