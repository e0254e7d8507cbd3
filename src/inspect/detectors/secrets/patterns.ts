/** Helpers for writing token rules: boundaries that keep every pattern linear-time. */

/** Not preceded by a token character: only the start of a run is tried, never every offset inside it. */
export const START = String.raw`(?<![A-Za-z0-9_\-])`;
/** Not followed by an alphanumeric: the token ends where its alphabet does. */
export const END = String.raw`(?![A-Za-z0-9])`;
/** Not followed by any base64/url-safe token character. */
export const END_TOKEN = String.raw`(?![A-Za-z0-9_\-])`;

/** Compiles a global pattern (plus `d` when a capture group carries the value). */
export function compile(source: string, flags = ''): RegExp {
  return new RegExp(source, `g${flags}`);
}

/**
 * A context-anchored value: `<name>` (e.g. `datadog_api_key`) then an assignment, then the value
 * in group 1. Names are matched case-insensitively by the `i` flag of the caller's pattern.
 */
export function assigned(name: string, value: string): string {
  return String.raw`(?:${name})[A-Za-z0-9_.\-]{0,24}["']?\s{0,4}(?:=>|:=|=|:)\s{0,4}["'\x60]?(${value})`;
}
