/**
 * Judgements about a candidate secret value, shared by the generic and context-anchored rules.
 * The predecessor project's entropy rule flagged ordinary code; these heuristics are what keeps
 * identifiers, calls, placeholders, hashes and ids out (measured by `measure-false-positives`).
 */

/** Shannon entropy in bits per character. */
export function measureEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let entropy = 0;
  for (const count of counts.values()) {
    const probability = count / value.length;
    entropy -= probability * Math.log2(probability);
  }
  return entropy;
}

const PLACEHOLDER_WORDS =
  /x{3,}|\*{3,}|\.{3}|#{3,}|changeme|change[_-]me|replace|your[_-]?|my[_-]?(?:secret|token|key|pass)|example|sample|dummy|placeholder|redacted|insert|todo|fixme|secret|password|passwd|token|api[_-]?key|foobar|lorem|hunter2|test|fake|mock|undefined|null|none|default|bearer|enter|put[_-]?|paste|generate|here/i;
/** Template and environment references: the value is a pointer to a secret, not a secret. */
const REFERENCE =
  /\$\{|\{\{|\}\}|<[^>]*>|%[sdv]|%\([a-z_]+\)s|process\.env|os\.environ|getenv|env\(|\benv\.|\$[A-Z_][A-Z0-9_]*|^\$|secrets\.|vault:|ENC\[|!Ref|\[\[/;

const LEET: Readonly<Record<string, string>> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '0': 'o', '5': 's', $: 's', '7': 't' };

/** `P@55w0rd!` → `password`: leetspeak spellings of placeholder words are placeholders too. */
export function unleet(value: string): string {
  return value
    .toLowerCase()
    .replace(/[@43105$7]/g, (character) => LEET[character] ?? character)
    .replace(/[^a-z]/g, '');
}

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_WORDS.test(value) || REFERENCE.test(value) || PLACEHOLDER_WORDS.test(unleet(value));
}

/**
 * For values that are certainly meant as credentials (a URL's password): a reference is still a
 * placeholder, but placeholder words count only when the value reads as words. Inside a long random
 * value they are coincidences (`AAxxXeKM…` holds "xxx", `…q2Test9…` holds "test") and a real
 * password must not slip through because of one.
 */
export function isPlaceholderCredential(value: string): boolean {
  if (REFERENCE.test(value)) return true;
  if (value.length >= 12 && measureEntropy(value) >= 3 && !isWordLike(value)) return false;
  return isPlaceholder(value);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** Digests (MD5, SHA-1, SHA-2 lengths) and short hex ids (object ids, truncated hashes). */
const HEX_HASH = /^(?:[0-9a-f]{1,31}|[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/i;
/** Subresource-integrity style hashes and prefixed digests. */
const DIGEST = /^(?:sha(?:1|256|384|512)|md5)[-:]/i;

export function isUuidOrHash(value: string): boolean {
  return UUID.test(value) || HEX_HASH.test(value) || DIGEST.test(value);
}

/** `aaaaaaaa`, `abcabcabc`, `12345678`, `abcdefgh`: keyboard filler, not a secret. */
export function isRepetitiveOrSequential(value: string): boolean {
  const distinct = new Set(value).size;
  if (distinct <= Math.max(3, value.length / 6)) return true;
  let ascending = 1;
  let longest = 1;
  for (let index = 1; index < value.length; index++) {
    const step = value.charCodeAt(index) - value.charCodeAt(index - 1);
    ascending = step === 1 || step === -1 ? ascending + 1 : 1;
    longest = Math.max(longest, ascending);
  }
  return longest >= Math.min(8, value.length / 2);
}

const IDENTIFIER_PATH = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->|\?\.)[A-Za-z_$][\w$]*)*(?:\(.*\)?|\[.*\]?)?;?$/;
const WORD_SEGMENT = /[A-Z]{2,}(?=[A-Z][a-z]|\b|[0-9_]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+/g;

/**
 * True when the value reads as words: `getUserToken`, `MY_SECRET_NAME`, `?InterpolationInJSX`.
 * Random tokens break into many one- or two-letter segments (every case change and digit
 * splits them); identifiers into a few long words.
 */
export function isWordLike(value: string): boolean {
  const segments = value.match(WORD_SEGMENT);
  if (segments === null) return false;
  let letters = 0;
  let words = 0;
  let digits = 0;
  for (const segment of segments) {
    const first = segment.charCodeAt(0);
    if (first >= 48 && first <= 57) digits += segment.length;
    else {
      letters += segment.length;
      words++;
    }
  }
  return words > 0 && letters / words >= 3 && digits <= letters / 5;
}

/** An identifier, member access or call: `options.password`, `getToken()`, `self.api_key`. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

export function isCodeExpression(value: string): boolean {
  if (CONSTANT_NAME.test(value)) return true;
  if (!IDENTIFIER_PATH.test(value)) return false;
  if (/[.(\[]|::|->/.test(value)) return true;
  return isWordLike(value);
}

const CHARACTER_CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/] as const;

export function countCharacterClasses(value: string): number {
  return CHARACTER_CLASSES.reduce((count, pattern) => count + (pattern.test(value) ? 1 : 0), 0);
}

/** URLs, paths and file names are configuration, not secrets (credentials in URLs have their own rule). */
export function isPathOrUrl(value: string): boolean {
  return (
    /^(?:[a-z][a-z0-9+.-]*:\/\/|\.{0,2}\/|~\/|[A-Za-z]:\\)/i.test(value) ||
    /^[\w.-]+\.(?:js|ts|json|ya?ml|pem|key|crt|txt|env|sh|py)$/i.test(value)
  );
}

/**
 * A machine-generated secret: long enough, several character classes, high entropy, not words,
 * not a placeholder, id or hash. Thresholds are per length because short strings cannot reach
 * high entropy (at most log2(length) bits per character).
 */
export function looksLikeGeneratedSecret(value: string, minimumLength = 16): boolean {
  if (value.length < minimumLength || value.length > 512) return false;
  if (/\s/.test(value)) return false;
  if (countCharacterClasses(value) < 2) return false;
  const needed = Math.min(3.5, Math.log2(value.length) * 0.78);
  if (measureEntropy(value) < needed) return false;
  return (
    !isPlaceholder(value) &&
    !isUuidOrHash(value) &&
    !isRepetitiveOrSequential(value) &&
    !isWordLike(value) &&
    !isCodeExpression(value) &&
    !isPathOrUrl(value)
  );
}
