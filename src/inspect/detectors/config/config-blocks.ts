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

/** Consecutive `KEY=value` lines (blank and `#` lines between them allowed); three or more make a block. */
export const envBlockDetector: Detector = {
  id: 'env_block',
  keywords: ['='],
  detect(text) {
    const matches: DetectorMatch[] = [];
    let blockStart = -1;
    let blockEnd = -1;
    let lines = 0;
    const flush = (): void => {
      if (lines >= MIN_ENV_LINES)
        matches.push({ category: 'config', type: 'env_block', start: blockStart, end: blockEnd, confidence: 0.8, region: true });
      lines = 0;
    };
    for (let lineStart = 0; lineStart < text.length;) {
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline < 0 ? text.length : newline;
      const end = matchEnvLine(text, lineStart);
      if (end >= 0) {
        if (lines === 0) blockStart = lineStart + (text.slice(lineStart, end).length - text.slice(lineStart, end).trimStart().length);
        blockEnd = end;
        lines++;
      } else if (lines > 0 && !isBlankOrComment(text, lineStart, lineEnd)) {
        // Outside a block there is nothing to end: most lines of code are not read a second time.
        flush();
      }
      lineStart = lineEnd + 1;
    }
    flush();
    return matches;
  },
};

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
