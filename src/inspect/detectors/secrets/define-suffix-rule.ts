import type { Detector, DetectorMatch } from '../../types.js';

/**
 * A token whose only literal is at its end (`<32 hex>-us21`, `<86 base64>==`, `<36 hex>NRAL`).
 * A pattern led by a character class would be tried at every offset of the text; this one finds
 * the literal suffix (fast, native string search) and looks back a fixed length for the body.
 */
export interface SuffixRule {
  type: string;
  keywords: readonly string[];
  /** Global pattern for the suffix, e.g. /-us[0-9]{1,2}(?![A-Za-z0-9])/g. */
  suffix: RegExp;
  /** Length of the body before the suffix. */
  bodyLength: number;
  /** Anchored pattern the body must match, e.g. /^[0-9a-f]{32}$/. */
  body: RegExp;
  /** Characters that must not precede the body (the token would be longer). */
  boundary: RegExp;
  confidence: number;
  /** Optional last check of the whole token. */
  check?: (token: string, text: string, start: number) => boolean;
}

export function defineSuffixRule(rule: SuffixRule): Detector {
  if (!rule.suffix.global) throw new Error(`Suffix of ${rule.type} must be global.`);
  return {
    id: rule.type,
    keywords: rule.keywords,
    detect(text) {
      const matches: DetectorMatch[] = [];
      rule.suffix.lastIndex = 0;
      for (let match = rule.suffix.exec(text); match !== null; match = rule.suffix.exec(text)) {
        const start = match.index - rule.bodyLength;
        const end = match.index + match[0].length;
        if (start < 0 || !rule.body.test(text.slice(start, match.index)) || rule.boundary.test(text[start - 1] ?? '')) continue;
        if (rule.check !== undefined && !rule.check(text.slice(start, end), text, start)) continue;
        matches.push({ category: 'secret', type: rule.type, start, end, confidence: rule.confidence });
      }
      return matches;
    },
  };
}
