import { formatPlaceholder, PLACEHOLDER_PATTERN } from './placeholder.js';

/**
 * The per-request map between placeholders and original values. It lives only in memory for
 * the duration of one request and is never logged or stored. Numbering follows the order in
 * which values first appear, so a conversation re-sent with one more turn gives every earlier
 * value the same placeholder again.
 */
export interface Vault {
  /** The placeholder for a value (the same value always gets the same one, whatever its type). */
  placeholderFor(value: string, type: string): string;
  /** The original value of a placeholder, if this vault issued it. */
  valueOf(placeholder: string): string | undefined;
  /** True when `text` is the beginning of an issued placeholder (a stream may be cut inside one). */
  isPlaceholderStart(text: string): boolean;
  /** Length of the longest placeholder issued: the most a streaming restorer may hold back. */
  readonly longestPlaceholder: number;
  readonly size: number;
}

/**
 * @param reserved texts of the request: placeholders that already occur in them (a user pasting
 *   `<EMAIL_1>` literally) are never issued, so restoration cannot turn their text into a value.
 */
export function createVault(reserved: Iterable<string> = []): Vault {
  const taken = new Set<string>();
  for (const text of reserved) {
    if (!text.includes('<')) continue;
    for (const match of text.matchAll(PLACEHOLDER_PATTERN)) taken.add(match[0]);
  }
  const byValue = new Map<string, string>();
  const byPlaceholder = new Map<string, string>();
  const counters = new Map<string, number>();
  let longest = 0;
  return {
    placeholderFor(value, type) {
      const existing = byValue.get(value);
      if (existing) return existing;
      let counter = counters.get(type) ?? 0;
      let placeholder: string;
      do {
        counter++;
        placeholder = formatPlaceholder(type, counter);
      } while (taken.has(placeholder));
      counters.set(type, counter);
      byValue.set(value, placeholder);
      byPlaceholder.set(placeholder, value);
      longest = Math.max(longest, placeholder.length);
      return placeholder;
    },
    valueOf: (placeholder) => byPlaceholder.get(placeholder),
    isPlaceholderStart(text) {
      if (text.length >= longest) return false;
      for (const placeholder of byPlaceholder.keys()) if (placeholder.startsWith(text)) return true;
      return false;
    },
    get longestPlaceholder() {
      return longest;
    },
    get size() {
      return byPlaceholder.size;
    },
  };
}
