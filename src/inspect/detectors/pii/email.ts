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

/** The longest userinfo (`user:password`) looked through for the `://` of a URL. */
const MAX_USERINFO = 256;

/**
 * Characters of a URL's userinfo as written in practice: anything but whitespace and the
 * characters that end it or a token (`/?#`, quotes, brackets). `@` is included: passwords in
 * connection strings are not always percent-encoded.
 */
function isUserinfoCharacter(code: number): boolean {
  if (code <= 32) return false;
  return !(
    code === 47 || // /
    code === 63 || // ?
    code === 35 || // #
    code === 34 || // "
    code === 39 || // '
    code === 96 || // `
    code === 60 || // <
    code === 62 || // >
    code === 92 || // \
    code === 91 || // [
    code === 93 || // ]
    code === 123 || // {
    code === 125 || // }
    code === 124 // |
  );
}

/**
 * True when the `@` at `at` ends the userinfo of a URL (`postgres://admin:s3cret@db1.corp.acme.com/app`):
 * what looks like an address there is the tail of a login or password and a host name, not an
 * e-mail address (the credentials are the secret detectors' to report).
 */
function isInUrlAuthority(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && at - start < MAX_USERINFO && isUserinfoCharacter(text.charCodeAt(start - 1))) start--;
  return text.charCodeAt(start - 1) === 47 && text.charCodeAt(start - 2) === 47 && text.charCodeAt(start - 3) === 58;
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
      if (RESERVED_DOMAIN.test(domain[0]) || isInUrlAuthority(text, at)) continue;
      const end = at + 1 + domain[0].length;
      matches.push({ category: 'pii', type: 'email', start, end, confidence: 0.95 });
    }
    return matches;
  },
};
