import type { Detector, DetectorMatch } from '../../types.js';
import { forEachUrl, isDatabaseScheme, isExampleHost } from '../database-schemes.js';
import { isPlaceholderCredential, unleet } from './value-heuristics.js';

/**
 * Credentials written into URLs: `https://user:pass@host`, `postgres://app:pass@db/…`,
 * `jdbc:mysql://db/app?password=…`, and ADO.NET `Server=…;Password=…`. The finding is the
 * password itself (what must be redacted and what the audit fingerprints); the surrounding
 * connection string is reported separately as `config` / `connection_string`.
 */

const USERINFO = /([^\s:@/"'<>`\\]{0,128}):([^\s@/"'<>`\\]{1,256})@([A-Za-z0-9.\-_\[\]:]{1,256})/dy;
const QUERY_PASSWORD = /[^\s?"'<>`]{1,256}\?[^\s"'<>`#]{0,256}?(?<=[?&])(?:password|pwd|pass)=([^&\s"'<>`#]{1,128})/diy;
const HAS_KEY_VALUE_PASSWORD = /(?:password|pwd)\s{0,3}=/i;
const KEY_VALUE_PASSWORD = /(?<=^|[;"'\s])(?:Password|Pwd)\s{0,3}=\s{0,3}([^;"'\r\n]{1,128})/dgim;
const KEY_VALUE_CONTEXT = /(?:Server|Data Source|Host|Initial Catalog|Database|User ID|Uid|Address)\s{0,3}=/i;

/** Passwords that are documentation: `user:pass@`, `:password@`, `:***@`, `:${DB_PASSWORD}@`. */
const TRIVIAL_PASSWORD = /^(?:x+|\*+|\.+|-+|_+|user|username|admin|root|guest|demo|foobar|abc123|123456|s3cr3t|mypass|topsecret)$/i;
const WEAK_WORDS = new Set(['password', 'pass', 'passwd', 'secret', 'passphrase', 'changeme', 'letmein', 'qwerty', 'admin', 'welcome']);
/**
 * Documentation writes `user:pass@`, `abc:xyz@`, `:${DB_PASSWORD}@`; a real password is at
 * least 6 characters and, when short, not a single lower-case word.
 */
function isRealPassword(password: string): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // keep as written
  }
  if (decoded.length < 6 || (decoded.length < 12 && /^[a-z]+$/.test(decoded))) return false;
  if (WEAK_WORDS.has(unleet(decoded))) return false;
  return !TRIVIAL_PASSWORD.test(decoded) && !isPlaceholderCredential(decoded) && !/^[A-Z_]+$/.test(decoded);
}

function pushPassword(
  matches: DetectorMatch[],
  scheme: string | null,
  span: readonly [number, number] | undefined,
  password: string,
): void {
  if (span === undefined || !isRealPassword(password)) return;
  const database = scheme === null || isDatabaseScheme(scheme);
  matches.push({
    category: 'secret',
    type: database ? 'database_connection_string' : 'url_credentials',
    start: span[0],
    end: span[1],
    confidence: database ? 0.9 : 0.85,
  });
}

function findKeyValuePasswords(text: string, matches: DetectorMatch[]): void {
  KEY_VALUE_PASSWORD.lastIndex = 0;
  for (let match = KEY_VALUE_PASSWORD.exec(text); match !== null; match = KEY_VALUE_PASSWORD.exec(text)) {
    const context = text
      .slice(Math.max(0, match.index - 300), match.index)
      .split('\n')
      .at(-1)!;
    const span = match.indices?.[1];
    const password = match[1]!.trimEnd();
    if (span === undefined || !KEY_VALUE_CONTEXT.test(context) || !context.includes(';')) continue;
    pushPassword(matches, null, [span[0], span[0] + password.length], password);
  }
}

export const urlCredentialsDetector: Detector = {
  id: 'url_credentials',
  keywords: ['://'],
  detect(text) {
    const matches: DetectorMatch[] = [];
    forEachUrl(text, (_schemeStart, scheme, authorityStart) => {
      USERINFO.lastIndex = authorityStart;
      const userinfo = USERINFO.exec(text);
      if (userinfo !== null) {
        if (!isExampleHost(userinfo[3]!)) pushPassword(matches, scheme, userinfo.indices?.[2], userinfo[2]!);
        return;
      }
      if (!isDatabaseScheme(scheme)) return;
      QUERY_PASSWORD.lastIndex = authorityStart;
      const query = QUERY_PASSWORD.exec(text);
      if (query !== null) pushPassword(matches, scheme, query.indices?.[1], query[1]!);
    });
    return matches;
  },
};

/** `Server=…;Database=…;Password=…;` (ADO.NET, ODBC): the password of a key-value connection string. */
export const keyValuePasswordDetector: Detector = {
  id: 'database_password',
  keywords: ['password', 'pwd'],
  detect(text) {
    const matches: DetectorMatch[] = [];
    if (HAS_KEY_VALUE_PASSWORD.test(text)) findKeyValuePasswords(text, matches);
    return matches;
  },
};
