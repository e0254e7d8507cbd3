import type { Detector, DetectorMatch } from '../../types.js';
import { DIALECT_EVIDENCE, LANGUAGE_SIGNATURES, type LanguageSignature, type PatternGate } from './language-signatures.js';
import { findFencedBlocks } from './fenced-blocks.js';
import { createTokenCounter } from './token-counter.js';

/**
 * "This text is source code, in language X", so a policy can treat code specially. It runs on
 * every text (no keyword can gate it), so it is built to be cheap: a single pass over at most
 * 4 KB decides whether the text is code-shaped at all (prose returns there), and only then are
 * language tokens counted. Fenced markdown blocks are judged one by one, their info string
 * (```` ```python ````) naming the language when it can.
 */

const SAMPLE_LENGTH = 1536;
const MIN_CODE_LENGTH = 24;
const MIN_SCORE = 7;
/** Characters far more frequent in code than in prose. */
const SYMBOLS = new Uint8Array(128);
for (const character of '{}()[];=<>$#@|&*+\\_') SYMBOLS[character.charCodeAt(0)] = 1;
const counter = createTokenCounter(LANGUAGE_SIGNATURES.flatMap((signature) => Object.keys(signature.tokens)));
/** The token counts of the sample being judged, reused (identifyLanguage is synchronous). */
const COUNTS = new Int32Array(counter.indexOf.size);
/** Per language: token indexes and weights, resolved once into typed arrays (scored for every text). */
const WEIGHTS = LANGUAGE_SIGNATURES.map((signature) => {
  const entries = Object.entries(signature.tokens);
  return {
    signature,
    indexes: Int32Array.from(entries, ([token]) => counter.indexOf.get(token)!),
    weights: Float64Array.from(entries, ([, weight]) => weight),
  };
});

/** Token scores of the sample being judged, per language in WEIGHTS order (reused like COUNTS). */
const TOKEN_SCORES = new Float64Array(WEIGHTS.length);
/** Per language, the language it competes as: its base language for a dialect (the first of that name), else itself. */
const BASE_OF = Int32Array.from(WEIGHTS, ({ signature }, index) => {
  const base = signature.extends === undefined ? -1 : WEIGHTS.findIndex((candidate) => candidate.signature.language === signature.extends);
  return base < 0 ? index : base;
});

const FENCE_LANGUAGES: Readonly<Record<string, string>> = {
  js: 'javascript',
  javascript: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  ts: 'typescript',
  typescript: 'typescript',
  tsx: 'typescript',
  py: 'python',
  python: 'python',
  python3: 'python',
  py3: 'python',
  java: 'java',
  kt: 'kotlin',
  kotlin: 'kotlin',
  go: 'go',
  golang: 'go',
  rs: 'rust',
  rust: 'rust',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  'c++': 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  cs: 'csharp',
  csharp: 'csharp',
  'c#': 'csharp',
  rb: 'ruby',
  ruby: 'ruby',
  php: 'php',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  shell: 'shell',
  console: 'shell',
  sql: 'sql',
  postgresql: 'sql',
  mysql: 'sql',
  swift: 'swift',
  scala: 'scala',
  html: 'html',
  css: 'css',
  scss: 'css',
  dockerfile: 'dockerfile',
  hcl: 'hcl',
  terraform: 'hcl',
};

/** Share of symbols among visible characters from which a sample is code-shaped. */
const SYMBOL_SHARE = 0.035;

/**
 * The cheap gate: code has symbols and lines that end in `;`, `{`, `}`, `)` or `:`. Code usually
 * has enough symbols well before the end of the sample that even if every remaining character
 * were a visible non-symbol the share would still be reached: at each line end that is checked,
 * and the rest is not read.
 */
function isCodeShaped(sample: string): boolean {
  let symbols = 0;
  let visible = 0;
  let lines = 0;
  let codeLines = 0;
  let last = 0;
  const length = sample.length;
  for (let index = 0; index < length; index++) {
    const code = sample.charCodeAt(index);
    if (code === 10) {
      if (last === 59 || last === 123 || last === 125 || last === 41 || last === 58 || last === 44) codeLines++;
      if (last !== 0) lines++;
      last = 0;
      // The most visible characters the whole sample can have is those seen plus all those left;
      // a share reached against that bound is reached against the real count.
      if (visible >= MIN_CODE_LENGTH && symbols / (visible + length - index - 1) >= SYMBOL_SHARE) return true;
      continue;
    }
    if (code === 32 || code === 9 || code === 13) continue;
    visible++;
    last = code;
    if (code < 128 && SYMBOLS[code] === 1) symbols++;
  }
  if (last !== 0) lines++;
  if (visible < MIN_CODE_LENGTH) return false;
  return symbols / visible >= SYMBOL_SHARE || (lines >= 3 && codeLines / lines >= 0.3);
}

interface Verdict {
  language: string;
  score: number;
}

function countPattern(pattern: RegExp, sample: string): number {
  pattern.lastIndex = 0;
  let count = 0;
  // `test` moves a global pattern along as `exec` does, without building a match array.
  while (count < 5 && pattern.test(sample)) count++;
  return count;
}

/** Scores each language; a token or pattern counts at most 5 times so one word cannot decide. */
export function identifyLanguage(sample: string): Verdict | null {
  if (!isCodeShaped(sample)) return null;
  const counts = counter.count(sample, COUNTS);
  // Token scores per language (WEIGHTS order), and the two best from 2 up (-1: none).
  const scores = TOKEN_SCORES;
  let first = -1;
  let second = -1;
  for (let language = 0; language < WEIGHTS.length; language++) {
    const { indexes, weights } = WEIGHTS[language]!;
    let score = 0;
    for (let entry = 0; entry < indexes.length; entry++) score += weights[entry]! * Math.min(counts[indexes[entry]!]!, 5);
    scores[language] = score;
    if (score < 2) continue;
    if (first < 0 || score > scores[first]!) {
      second = first;
      first = language;
    } else if (second < 0 || score > scores[second]!) second = language;
  }
  if (first < 0) return null;
  // Line patterns cost more than tokens: they are paid only to separate a close race, and by
  // dialects, which must show evidence of their own (TypeScript's types, C++'s templates).
  const decided = scores[first]! >= MIN_SCORE && (second < 0 || scores[first]! >= 2 * scores[second]!);
  // A dialect that leads on tokens alone competes as its base language; its own evidence is weighed after.
  let best = BASE_OF[first]!;
  let bestScore = decided ? scores[best]! : scores[best]! + scorePatterns(WEIGHTS[best]!.signature.patterns, sample);
  if (!decided && second >= 0) {
    const other = BASE_OF[second]!;
    if (WEIGHTS[other]!.signature.language !== WEIGHTS[best]!.signature.language) {
      const otherScore = scores[other]! + scorePatterns(WEIGHTS[other]!.signature.patterns, sample);
      if (otherScore > bestScore) {
        best = other;
        bestScore = otherScore;
      }
    }
  }
  const bestLanguage = WEIGHTS[best]!.signature.language;
  // Only the leader's dialect is weighed, and only until its evidence is enough.
  for (let dialect = 0; dialect < WEIGHTS.length; dialect++) {
    const { signature } = WEIGHTS[dialect]!;
    if (signature.extends !== bestLanguage) continue;
    const score = scores[dialect]!;
    const evidence = score + scorePatterns(signature.patterns, sample, DIALECT_EVIDENCE - score);
    if (evidence >= DIALECT_EVIDENCE) return { language: signature.language, score: bestScore + evidence };
  }
  return bestScore >= MIN_SCORE ? { language: bestLanguage, score: bestScore } : null;
}

function passesAny(gates: readonly PatternGate[], sample: string): boolean {
  for (const gate of gates) if (typeof gate === 'string' ? sample.includes(gate) : gate(sample)) return true;
  return false;
}

/** Sum of pattern weights times their (capped) counts; stops once `enough` is reached. */
function scorePatterns(patterns: LanguageSignature['patterns'], sample: string, enough = Number.POSITIVE_INFINITY): number {
  let score = 0;
  for (const [pattern, weight, gates] of patterns) {
    // A pattern whose gates all fail counts 0 without being run.
    if (gates === undefined || passesAny(gates, sample)) score += weight * countPattern(pattern, sample);
    if (score >= enough) break;
  }
  return score;
}

function createMatch(start: number, end: number, language: string, confidence: number): DetectorMatch {
  return { category: 'code', type: 'source_code', start, end, confidence, detail: language, region: true };
}

/** A `#` comment line (`# text`, `##`, a lone `#`), not a `#include` or `#!/bin/sh`: `/^#(?:[ #\t\r\n]|$)/` at `index`. */
function isHashComment(text: string, index: number): boolean {
  if (text.charCodeAt(index) !== 35) return false;
  if (index + 1 >= text.length) return true;
  const next = text.charCodeAt(index + 1);
  return next === 32 || next === 35 || next === 9 || next === 13 || next === 10;
}

/** Licence and doc-comment headers are prose: the sample starts after a leading comment block. */
function skipLeadingComment(text: string, start: number, end: number): number {
  let index = start;
  while (index < end && index - start < 8192) {
    while (index < end && text.charCodeAt(index) <= 32) index++;
    if (text.startsWith('/*', index)) {
      const close = text.indexOf('*/', index + 2);
      if (close < 0 || close > end) return start;
      index = close + 2;
    } else if (text.startsWith('//', index) || text.startsWith('--', index) || isHashComment(text, index)) {
      const newline = text.indexOf('\n', index);
      if (newline < 0 || newline > end) return start;
      index = newline + 1;
    } else break;
  }
  return index < end ? index : start;
}

/**
 * At most SAMPLE_LENGTH characters: the whole text when short; otherwise its head (after any
 * licence comment) and a slice from the middle, from a line start, because files often open
 * with nothing but imports.
 */
function takeSample(text: string, start: number, end: number): string {
  if (start === 0 && end === text.length && end <= SAMPLE_LENGTH) return text;
  // Joined, not concatenated or sliced: `join` copies into one flat string, so the character loops
  // below always read the same string representation (concatenations and slices are indirect
  // strings; mixing them with flat ones left those loops optimised for all three, and twice as slow).
  if (end - start <= SAMPLE_LENGTH) return [text.slice(start, end), ''].join('');
  const half = SAMPLE_LENGTH / 2;
  const middle = start + Math.floor((end - start) / 2);
  const lineStart = text.indexOf('\n', middle) + 1 || middle;
  return [text.slice(start, start + half), text.slice(lineStart, Math.min(end, lineStart + half))].join('\n');
}

function judge(text: string, start: number, end: number, fenceLanguage: string | undefined): DetectorMatch | null {
  if (fenceLanguage !== undefined && end - start >= MIN_CODE_LENGTH) return createMatch(start, end, fenceLanguage, 0.95);
  const verdict = identifyLanguage(takeSample(text, skipLeadingComment(text, start, end), end));
  return verdict === null ? null : createMatch(start, end, verdict.language, Math.min(0.95, 0.5 + verdict.score / 40));
}

/** The text outside the fenced blocks, up to the sample length (the prose of a chat message, or the code of a file). */
function sampleOutside(text: string, blocks: { start: number; end: number }[]): string {
  const parts: string[] = [];
  let length = 0;
  let position = 0;
  for (const block of [...blocks, { start: text.length, end: text.length }]) {
    const part = text.slice(position, Math.min(block.start, position + SAMPLE_LENGTH - length));
    parts.push(part);
    length += part.length;
    if (length >= SAMPLE_LENGTH) break;
    position = block.end;
  }
  return parts.join('\n');
}

export const sourceCodeDetector: Detector = {
  id: 'source_code',
  keywords: [],
  detect(text) {
    if (!text.includes('```') && !text.includes('~~~')) {
      const whole = judge(text, 0, text.length, undefined);
      return whole === null ? [] : [whole];
    }
    // A file whose comments hold markdown fences is still one piece of code; a chat message is
    // prose around fenced blocks, each judged on its own. The text outside the fences decides.
    const blocks = findFencedBlocks(text);
    const outside = identifyLanguage(sampleOutside(text, blocks));
    if (outside !== null) return [createMatch(0, text.length, outside.language, Math.min(0.95, 0.5 + outside.score / 40))];
    const matches: DetectorMatch[] = [];
    for (const block of blocks) {
      const match = judge(text, block.start, block.end, FENCE_LANGUAGES[block.info]);
      if (match !== null) matches.push(match);
    }
    return matches;
  },
};
