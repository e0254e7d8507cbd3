/**
 * A matched value as it may be shown to a person: the first few characters (enough to tell an
 * `AKIA…` key from a `ghp_…` token) and the length, never the secret part.
 */
export function maskValue(value: string): string {
  const visible = value.length >= 16 ? 4 : value.length >= 8 ? 2 : 0;
  const shown = value.slice(0, visible).replace(/[\r\n\t]/g, ' ');
  return `${shown}${'*'.repeat(Math.min(8, value.length - visible))} (${value.length} chars)`;
}

/** 1-based line and column of an offset. */
export function locateOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
