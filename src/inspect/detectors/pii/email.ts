import type { DetectContext, Detector, DetectorMatch } from '../../types.js';

// Domain after the `@`: labels of letters, digits and inner hyphens, then an alphabetic top-level
// domain. Each label is bounded, so the sticky match cannot backtrack badly.
const DOMAIN_PATTERN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}([A-Za-z]{2,24})(?![A-Za-z0-9-]|\.[A-Za-z0-9])/y;
const MAX_LOCAL_LENGTH = 64;

// File extensions that follow an `@` in code (`icon@2x.png`, `foo@bar.js`) are not top-level domains.
const FILE_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'ico',
  'bmp',
  'js',
  'mjs',
  'cjs',
  'ts',
  'mts',
  'cts',
  'tsx',
  'jsx',
  'json',
  'css',
  'scss',
  'less',
  'map',
  'html',
  'htm',
  'md',
  'txt',
  'yml',
  'yaml',
  'xml',
  'lock',
  'wasm',
  'zip',
  'gz',
  'tgz',
  'vue',
  'svelte',
  'node',
  'py',
  'rb',
  'go',
  'rs',
  'sh',
  'exe',
  'dll',
  'so',
]);

// Domains reserved for documentation (RFC 2606 / RFC 6761): an address there belongs to nobody.
const RESERVED_DOMAIN = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost|local)$/i;

/** True for characters allowed in an unquoted local part (dot-atom, RFC 5322, ASCII subset). */
function isLocalChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 46 ||
    code === 95 ||
    code === 37 ||
    code === 43 ||
    code === 45
  );
}

/** The start of the local part ending just before `at`, or -1 when there is none or it is too long. */
function findLocalStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && isLocalChar(text.charCodeAt(start - 1))) {
    start--;
    if (at - start > MAX_LOCAL_LENGTH) return -1;
  }
  // Leading punctuation is not part of the address: `-x@y.com` starts at the `x`.
  while (start < at && !isAlphanumeric(text.charCodeAt(start))) start++;
  return start === at ? -1 : start;
}

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * Finds e-mail addresses. It looks only at each `@` (keyword `@` keeps it off text without one) and
 * reads the local part leftwards and the domain rightwards, which is far cheaper than a regex that
 * starts at every letter.
 */
export const emailDetector: Detector = {
  id: 'pii-email',
  keywords: ['@'],
  detect(text: string, _context: DetectContext): DetectorMatch[] {
    const matches: DetectorMatch[] = [];
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      const start = findLocalStart(text, at);
      if (start < 0 || text[at - 1] === '.') continue;
      DOMAIN_PATTERN.lastIndex = at + 1;
      const domain = DOMAIN_PATTERN.exec(text);
      if (!domain || FILE_EXTENSIONS.has((domain[1] ?? '').toLowerCase())) continue;
      if (RESERVED_DOMAIN.test(domain[0])) continue;
      const end = at + 1 + domain[0].length;
      matches.push({ category: 'pii', type: 'email', start, end, confidence: 0.95 });
    }
    return matches;
  },
};
