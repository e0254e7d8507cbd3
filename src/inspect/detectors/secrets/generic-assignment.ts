import type { Detector, DetectorMatch } from '../../types.js';
import { createAnchorFinder, matchLiteralAt } from '../find-anchors.js';
import { classifyKey, type KeyKind } from './secret-key-names.js';
import {
  countCharacterClasses,
  isCodeExpression,
  isPathOrUrl,
  isPlaceholder,
  isRepetitiveOrSequential,
  isUuidOrHash,
  isWordLike,
  looksLikeGeneratedSecret,
  measureEntropy,
} from './value-heuristics.js';

/**
 * `password = "…"`, `API_KEY: …`, `"client_secret": "…"`, `<password>…</password>`,
 * `--token=…`, `?api_key=…`: a secret-named key assigned a value that looks generated (or, for
 * passwords, human-chosen but not a placeholder). Parsed by hand from each key-word occurrence
 * rather than by one big regular expression: linear by construction, and each heuristic is a
 * readable step.
 */

/**
 * Where to look: every occurrence of these (any case). The engine's prefilter pass finds them
 * (`anchors`), so this detector never scans the text itself: an alternation of literals costs a
 * regular expression about 2 ns a character, a third of this detector's time on code. Which keys
 * really are secret-named is decided by `classifyKey`.
 */
const KEY_WORDS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'cred'] as const;
const findKeyWords = createAnchorFinder(KEY_WORDS);
const MAX_KEY = 64;
const MAX_VALUE = 300;

interface Assignment {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  quoted: boolean;
}

/** `[A-Za-z0-9_.-]`, by char code: this runs for every character around every key word. */
function isKeyCharacter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return (
    (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 45
  );
}

/** Skips spaces and tabs (not newlines), at most `limit`. */
function skipBlanks(text: string, index: number, limit = 8): number {
  let position = index;
  while (position < text.length && position - index < limit && (text[position] === ' ' || text[position] === '\t')) position++;
  return position;
}

function readOperator(text: string, index: number): number {
  if (text.startsWith('=>', index) || text.startsWith(':=', index) || text.startsWith('?=', index)) return index + 2;
  if (text[index] === '=' && text[index + 1] !== '=') return index + 1;
  if (text[index] === ':' && text[index + 1] !== ':') return index + 1;
  return -1;
}

function readQuoted(text: string, start: number): number {
  const quote = text[start]!;
  for (let index = start + 1; index < text.length && index - start <= MAX_VALUE; index++) {
    const character = text[index];
    if (character === '\\') index++;
    else if (character === quote) return index;
    else if (character === '\n') return -1;
  }
  return -1;
}

/** Characters that end an unquoted value: whitespace, separators, quotes, brackets. */
const UNQUOTED_END = new Uint8Array(128);
for (const character of ' \t\r\n;,\'"`)}]&#<>') UNQUOTED_END[character.charCodeAt(0)] = 1;

function readUnquoted(text: string, start: number): number {
  let index = start;
  while (index < text.length && index - start <= MAX_VALUE) {
    const code = text.charCodeAt(index);
    if (code < 128 && UNQUOTED_END[code] === 1) break;
    index++;
  }
  return index;
}

/**
 * An unquoted value is a value only where code cannot be: env files, YAML, INI, flags, query
 * strings. This half looks before the key (checked before the value is read).
 */
function isUnquotedKeyPosition(text: string, keyStart: number): boolean {
  const before = text[keyStart - 1];
  if (before === '?' || before === '&' || text.startsWith('--', keyStart)) return true;
  // Only indentation and `export ` may precede the key on its line (looked for within 40
  // characters: an unbounded lastIndexOf would be quadratic on minified code).
  let lineStart = keyStart;
  while (lineStart > 0 && keyStart - lineStart < 40 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  if (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) return false;
  return /^\s*(?:export\s+|set\s+|-\s+)?$/.test(text.slice(lineStart, keyStart));
}

/** The other half: after an unquoted value of an env/YAML line comes the end of the line or a comment. */
function isUnquotedValueEnd(text: string, keyStart: number, valueEnd: number): boolean {
  const before = text[keyStart - 1];
  if (before === '?' || before === '&' || text.startsWith('--', keyStart)) return true;
  const rest = skipBlanks(text, valueEnd, 200);
  return rest >= text.length || text[rest] === '\n' || text[rest] === '\r' || text[rest] === '#';
}

function readAssignment(text: string, keyStart: number, keyEnd: number): Assignment | null {
  let index = keyEnd;
  const xml = text[keyStart - 1] === '<' && text[keyEnd] === '>';
  if (xml) {
    const close = text.indexOf('</', keyEnd + 1);
    if (close < 0 || close - keyEnd > MAX_VALUE || text.slice(keyEnd + 1, close).includes('\n')) return null;
    return { keyStart, keyEnd, valueStart: keyEnd + 1, valueEnd: close, quoted: true };
  }
  if (text[index] === '"' || text[index] === "'" || text[index] === '`') index++;
  if (text[index] === ']') return null;
  index = readOperator(text, skipBlanks(text, index));
  if (index < 0) return null;
  index = skipBlanks(text, index);
  if (/[rbuf]/.test(text[index] ?? '') && /["']/.test(text[index + 1] ?? '')) index++;
  const opening = text[index];
  if (opening === '"' || opening === "'" || opening === '`') {
    const close = readQuoted(text, index);
    return close < 0 ? null : { keyStart, keyEnd, valueStart: index + 1, valueEnd: close, quoted: true };
  }
  if (!isUnquotedKeyPosition(text, keyStart)) return null;
  const end = readUnquoted(text, index);
  if (end === index || !isUnquotedValueEnd(text, keyStart, end)) return null;
  return { keyStart, keyEnd, valueStart: index, valueEnd: end, quoted: false };
}

/** A password may be human-chosen: shorter and lower in entropy, but still not a word or placeholder. */
function looksLikePassword(value: string): boolean {
  if (value.length < 8 || value.length > 128 || /\s/.test(value)) return false;
  if (countCharacterClasses(value) < 3 || measureEntropy(value) < 2.8) return false;
  return (
    !isPlaceholder(value) &&
    !isUuidOrHash(value) &&
    !isRepetitiveOrSequential(value) &&
    !isCodeExpression(value) &&
    !isPathOrUrl(value) &&
    !isWordLike(value.replace(/[^A-Za-z]/g, ' '))
  );
}

function judgeAssignment(text: string, assignment: Assignment, kind: KeyKind): DetectorMatch | null {
  const value = text.slice(assignment.valueStart, assignment.valueEnd);
  // `ADMIN_PASSWORD_AUTH = "ADMIN_PASSWORD_AUTH"`: an enum naming itself.
  if (value.toLowerCase().includes(text.slice(assignment.keyStart, assignment.keyEnd).toLowerCase())) return null;
  const { valueStart: start, valueEnd: end } = assignment;
  if (looksLikeGeneratedSecret(value, 12)) {
    return { category: 'secret', type: kind === 'password' ? 'password' : 'generic_secret', start, end, confidence: 0.7 };
  }
  if (kind === 'password' && looksLikePassword(value)) return { category: 'secret', type: 'password', start, end, confidence: 0.6 };
  return null;
}

export const genericAssignmentDetector: Detector = {
  id: 'generic_secret',
  keywords: ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'credential', 'creds'],
  anchors: KEY_WORDS,
  detect(text, context) {
    const matches: DetectorMatch[] = [];
    let lastKeyEnd = -1;
    // Occurrences are taken left to right without overlap, each resuming at `resumeAt`.
    let resumeAt = 0;
    for (const start of findKeyWords(text, context)) {
      if (start < resumeAt) continue;
      resumeAt = start + matchLiteralAt(text, start, KEY_WORDS);
      let keyStart = start;
      while (keyStart > 0 && start - keyStart < MAX_KEY && isKeyCharacter(text, keyStart - 1)) keyStart--;
      let keyEnd = resumeAt;
      while (keyEnd < text.length && keyEnd - start < MAX_KEY && isKeyCharacter(text, keyEnd)) keyEnd++;
      if (keyEnd <= lastKeyEnd) continue;
      lastKeyEnd = keyEnd;
      resumeAt = Math.max(resumeAt, keyEnd);
      // Cheapest test first: most key words in code are not followed by an assignment.
      const assignment = readAssignment(text, keyStart, keyEnd);
      if (assignment === null) continue;
      // A value holds no further keys: resume after it, so each character is read a bounded number of times.
      resumeAt = Math.max(resumeAt, assignment.valueEnd);
      const kind = classifyKey(text.slice(keyStart, keyEnd).replace(/^-+/, ''));
      if (kind === null) continue;
      const match = judgeAssignment(text, assignment, kind);
      if (match !== null) matches.push(match);
    }
    return matches;
  },
};
