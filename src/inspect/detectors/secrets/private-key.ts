import type { Detector, DetectorMatch } from '../../types.js';

/**
 * PEM / OpenSSH / PGP private key blocks, also when pasted inside JSON or a string literal with
 * `\n` escapes (service-account files, kubeconfigs). A header alone is not a key: code that
 * parses keys contains `-----BEGIN PRIVATE KEY-----` as a constant, so a body of real key
 * material is required.
 */

const BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?)PRIVATE KEY(?: BLOCK)?-----/g;
const MAX_BLOCK = 16_384;
const MIN_BODY = 64;

function describe(kind: string): string {
  const trimmed = kind.trim().toLowerCase();
  if (trimmed === '') return 'pkcs8';
  if (trimmed === 'ssh2 encrypted') return 'ssh2';
  return trimmed;
}

/** Counts base64 characters of the body, skipping line breaks (real or escaped) and `Key: value` headers. */
function measureBody(body: string): number {
  let count = 0;
  for (const line of body.split(/\r?\n|\\r\\n|\\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || /^[A-Za-z-]+:/.test(trimmed)) continue;
    if (!/^[A-Za-z0-9+/=]+$/.test(trimmed)) return -1;
    count += trimmed.length;
  }
  return count;
}

export const privateKeyDetector: Detector = {
  id: 'private_key',
  keywords: ['private key'],
  detect(text) {
    const matches: DetectorMatch[] = [];
    BEGIN.lastIndex = 0;
    for (let begin = BEGIN.exec(text); begin !== null; begin = BEGIN.exec(text)) {
      const bodyStart = begin.index + begin[0].length;
      const endMarker = text.indexOf('-----END ', bodyStart);
      const limit = Math.min(text.length, bodyStart + MAX_BLOCK);
      const bodyEnd = endMarker >= 0 && endMarker < limit ? endMarker : findBodyEnd(text, bodyStart, limit);
      if (measureBody(text.slice(bodyStart, bodyEnd)) < MIN_BODY) continue;
      let end = bodyEnd;
      if (endMarker === bodyEnd) {
        const close = text.indexOf('-----', bodyEnd + 9);
        end = close >= 0 && close - bodyEnd < 64 ? close + 5 : bodyEnd;
      }
      matches.push({
        category: 'secret',
        type: 'private_key',
        start: begin.index,
        end,
        confidence: 0.99,
        detail: describe(begin[1] ?? ''),
      });
      BEGIN.lastIndex = end;
    }
    return matches;
  },
};

/** Without an END marker (a truncated paste), the body runs while lines are base64. */
function findBodyEnd(text: string, start: number, limit: number): number {
  let index = start;
  while (index < limit && /[A-Za-z0-9+/=\r\n\\ \t:-]/.test(text[index]!)) index++;
  return index;
}

const PUTTY =
  /PuTTY-User-Key-File-\d: [a-z0-9\-]{3,40}\r?\nEncryption: [a-z0-9\-]{1,40}\r?\nComment: [^\r\n]{0,200}\r?\nPublic-Lines: \d{1,3}\r?\n(?:[A-Za-z0-9+/=]{1,128}\r?\n){1,64}Private-Lines: \d{1,3}\r?\n(?:[A-Za-z0-9+/=]{1,128}(?:\r?\n|$)){1,64}/g;

export const puttyKeyDetector: Detector = {
  id: 'putty_private_key',
  keywords: ['putty-user-key-file-'],
  detect(text) {
    const matches: DetectorMatch[] = [];
    PUTTY.lastIndex = 0;
    for (let match = PUTTY.exec(text); match !== null; match = PUTTY.exec(text)) {
      matches.push({
        category: 'secret',
        type: 'putty_private_key',
        start: match.index,
        end: match.index + match[0].length,
        confidence: 0.99,
      });
    }
    return matches;
  },
};
