import type { Detector, DetectorMatch } from '../../types.js';

/**
 * Whole configuration files pasted into a prompt: `.env` blocks, kubeconfigs, AWS credential and
 * config files. They are regions: the secrets inside them are found by the secret rules too.
 */

/** A `KEY=value` line (optionally `export KEY=value`), tried only at line starts. */
const ENV_LINE = /[ \t]*(?:export[ \t]+)?[A-Z][A-Z0-9_]{1,63}=[^\r\n]{0,1000}(?=\r?\n|$)/y;
const MIN_ENV_LINES = 3;

/**
 * The env line at `lineStart`, or -1. Most lines of code do not start with a capital letter, so
 * that one character is checked first and the expression runs on few lines (a multiline `^`
 * pattern would be tried at every offset of the text).
 */
function matchEnvLine(text: string, lineStart: number): number {
  let first = lineStart;
  while (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9) first++;
  const code = text.charCodeAt(first);
  if (!(code >= 65 && code <= 90) && code !== 101 /* e of export */) return -1;
  ENV_LINE.lastIndex = lineStart;
  const match = ENV_LINE.exec(text);
  return match === null ? -1 : lineStart + match[0].length;
}

function isKeyCharacter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * The start of the line on which the `=` at `equals` could end the key of an env line (only
 * indentation, `export` and the key before it), or -1. Walks back over the key and blanks only, so
 * each character is read a bounded number of times even on minified one-line files.
 */
function findEnvLineStart(text: string, equals: number): number {
  let start = equals;
  while (start > 0 && equals - start <= 64 && isKeyCharacter(text.charCodeAt(start - 1))) start--;
  if (start === equals) return -1;
  while (start > 0 && isBlank(text.charCodeAt(start - 1))) start--;
  if (start >= 6 && text.startsWith('export', start - 6) && isBlank(text.charCodeAt(start))) {
    start -= 6;
    while (start > 0 && isBlank(text.charCodeAt(start - 1))) start--;
  }
  return start === 0 || text.charCodeAt(start - 1) === 10 ? start : -1;
}

/** True when every line from `from` up to `to` is blank or a `#` comment. */
function isBlankOrCommentBetween(text: string, from: number, to: number): boolean {
  for (let lineStart = from; lineStart < to;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 || newline > to ? to : newline;
    if (!isBlankOrComment(text, lineStart, lineEnd)) return false;
    lineStart = lineEnd + 1;
  }
  return true;
}

/**
 * Consecutive `KEY=value` lines (blank and `#` lines between them allowed); three or more make a
 * block. Env lines are found from their `=` (a native character search), not by visiting every
 * line: the key of one ends in `[A-Z0-9_]=`, which most lines of code never contain.
 */
export const envBlockDetector: Detector = {
  id: 'env_block',
  keywords: ['='],
  detect(text) {
    const matches: DetectorMatch[] = [];
    let blockStart = -1;
    let blockEnd = -1;
    let lines = 0;
    let lastLineStart = -1;
    for (let equals = text.indexOf('='); equals >= 0; equals = text.indexOf('=', equals + 1)) {
      if (!isKeyCharacter(text.charCodeAt(equals - 1))) continue;
      const lineStart = findEnvLineStart(text, equals);
      if (lineStart <= lastLineStart) continue;
      const end = matchEnvLine(text, lineStart);
      if (end < 0) continue;
      lastLineStart = lineStart;
      // A line between the last env line and this one that is neither blank nor a comment ends the block.
      if (lines > 0 && !isBlankOrCommentBetween(text, blockEnd + 1, lineStart)) {
        if (lines >= MIN_ENV_LINES) matches.push(createEnvBlock(blockStart, blockEnd));
        lines = 0;
      }
      if (lines === 0) blockStart = lineStart + (text.slice(lineStart, end).length - text.slice(lineStart, end).trimStart().length);
      blockEnd = end;
      lines++;
    }
    if (lines >= MIN_ENV_LINES) matches.push(createEnvBlock(blockStart, blockEnd));
    return matches;
  },
};

function createEnvBlock(start: number, end: number): DetectorMatch {
  return { category: 'config', type: 'env_block', start, end, confidence: 0.8, region: true };
}

function isBlankOrComment(text: string, start: number, end: number): boolean {
  let index = start;
  while (index < end && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9 || text.charCodeAt(index) === 13)) index++;
  return index === end || text.charCodeAt(index) === 35;
}

const KUBECONFIG_MARKERS = /certificate-authority-data:|client-key-data:|client-certificate-data:/;

export const kubeconfigDetector: Detector = {
  id: 'kubeconfig',
  keywords: ['certificate-authority-data', 'client-key-data', 'client-certificate-data'],
  detect(text) {
    const clusters = text.search(/^[ \t]*clusters:[ \t]*$/m);
    const users = text.search(/^[ \t]*users:[ \t]*$/m);
    if (clusters < 0 || users < 0 || !KUBECONFIG_MARKERS.test(text)) return [];
    const apiVersion = text.search(/^apiVersion:[ \t]*v1[ \t]*$/m);
    const start = apiVersion >= 0 && apiVersion < Math.min(clusters, users) ? apiVersion : Math.min(clusters, users);
    return [{ category: 'config', type: 'kubeconfig', start, end: text.length, confidence: 0.95, region: true }];
  },
};

/** `[default]` / `[profile x]` section headers followed by AWS keys. */
const AWS_SECTION =
  /^\[(?:default|profile [^\]\r\n]{1,64}|[A-Za-z0-9_.\-]{1,64})\][ \t]*\r?\n(?:[ \t]*(?:#[^\r\n]*)?\r?\n){0,3}[ \t]*(?:aws_access_key_id|aws_secret_access_key|aws_session_token|region|role_arn|sso_start_url|source_profile)[ \t]*=/gm;

export const awsCredentialsFileDetector: Detector = {
  id: 'aws_credentials_file',
  keywords: ['aws_access_key_id', 'aws_secret_access_key', 'role_arn', 'sso_start_url'],
  detect(text) {
    AWS_SECTION.lastIndex = 0;
    const first = AWS_SECTION.exec(text);
    if (first === null || !/aws_access_key_id|aws_secret_access_key|role_arn|sso_start_url/.test(text)) return [];
    let end = first.index + first[0].length;
    for (let match = AWS_SECTION.exec(text); match !== null; match = AWS_SECTION.exec(text)) end = match.index + match[0].length;
    // The block runs to the end of the last section's lines.
    const blank = text.slice(end).search(/\r?\n[ \t]*\r?\n(?![ \t]*\[)|\r?\n(?![ \t]*(?:[A-Za-z_#\[]))/);
    return [
      {
        category: 'config',
        type: 'aws_credentials_file',
        start: first.index,
        end: blank < 0 ? text.length : end + blank,
        confidence: 0.95,
        region: true,
      },
    ];
  },
};
