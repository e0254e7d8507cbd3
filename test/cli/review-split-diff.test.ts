import { describe, expect, it } from 'vitest';
import { chunkDiff, parseDiff } from '../../src/client/split-diff.js';

const gitDiff = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,2 +1,2 @@',
  '-const a = 1;',
  '+const a = 2;',
  ' export { a };',
  '@@ -10,1 +10,1 @@',
  '-x',
  '+y',
  'diff --git a/old.ts b/old.ts',
  'deleted file mode 100644',
  '--- a/old.ts',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-gone',
  'diff --git a/logo.png b/logo.png',
  'Binary files a/logo.png and b/logo.png differ',
  'diff --git a/yarn.lock b/yarn.lock',
  '--- a/yarn.lock',
  '+++ b/yarn.lock',
  '@@ -1 +1 @@',
  '-a',
  '+b',
  '',
].join('\n');

describe('parseDiff', () => {
  it('splits a git diff into files with headers and hunks, and marks what a review leaves out', () => {
    const files = parseDiff(gitDiff);
    expect(files.map((file) => [file.path, file.hunks.length, file.skipped])).toEqual([
      ['src/a.ts', 2, undefined],
      ['old.ts', 1, undefined],
      ['logo.png', 0, 'binary'],
      ['yarn.lock', 1, 'lockfile'],
    ]);
    expect(files[0]?.header).toBe('diff --git a/src/a.ts b/src/a.ts\nindex 1111111..2222222 100644\n--- a/src/a.ts\n+++ b/src/a.ts');
    expect(files[0]?.hunks[1]).toBe('@@ -10,1 +10,1 @@\n-x\n+y');
  });

  it('reads plain diff -u output with timestamps', () => {
    const plain = '--- lib/x.c\t2024-01-01 10:00:00\n+++ lib/x.c\t2024-01-02 10:00:00\n@@ -1 +1 @@\n-a\n+b\n';
    expect(parseDiff(plain).map((file) => file.path)).toEqual(['lib/x.c']);
  });

  it('finds no files in text that is not a diff', () => {
    expect(parseDiff('hello\n--- not a header\nworld\n')).toEqual([]);
  });
});

describe('chunkDiff', () => {
  it('keeps small files together in one chunk and drops skipped ones', () => {
    const chunks = chunkDiff(parseDiff(gitDiff), 10_000);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.paths).toEqual(['src/a.ts', 'old.ts']);
    expect(chunks[0]?.text).not.toContain('yarn.lock');
  });

  it('splits a file between hunks and a hunk between lines, repeating the headers, within the budget', () => {
    const lines = Array.from({ length: 200 }, (_, index) => `+line ${index} of the new implementation`);
    const big = `diff --git a/big.ts b/big.ts\n--- a/big.ts\n+++ b/big.ts\n@@ -0,0 +1,200 @@\n${lines.join('\n')}\n`;
    const chunks = chunkDiff(parseDiff(big), 2048);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(chunk.text)).toBeLessThanOrEqual(2048);
      expect(chunk.text.startsWith('diff --git a/big.ts b/big.ts\n--- a/big.ts\n+++ b/big.ts\n@@ -0,0 +1,200 @@')).toBe(true);
    }
    const rejoined = chunks.flatMap((chunk) => chunk.text.split('\n').filter((line) => line.startsWith('+line')));
    expect(rejoined).toEqual(lines);
  });
});
