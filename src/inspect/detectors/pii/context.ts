/**
 * Context helpers shared by the PII detectors: a value's neighbourhood often decides whether a
 * digit run is a phone number, a card or just a constant in code.
 */

/** The lower-cased text in the `window` characters before `index`. */
export function readBefore(text: string, index: number, window: number): string {
  return text.slice(Math.max(0, index - window), index).toLowerCase();
}

/** The lower-cased text in the `window` characters from `index` on. */
export function readAfter(text: string, index: number, window: number): string {
  return text.slice(index, index + window).toLowerCase();
}

/** True when `pattern` matches the `window` characters before `index` (lower-cased). */
export function hasContextBefore(text: string, index: number, pattern: RegExp, window = 40): boolean {
  return pattern.test(readBefore(text, index, window));
}

/** True when the character at `index` is an ASCII letter, digit or underscore. */
export function isWordCharAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
