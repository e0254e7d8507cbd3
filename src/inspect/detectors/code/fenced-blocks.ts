/** Markdown fenced code blocks (```` ``` ```` or `~~~`), for the source-code signal to judge one by one. */

/** True when only spaces and tabs lie between `start` and `end`. */
function isBlank(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

/**
 * The starts of the lines that open with a fence (at most four spaces or tabs, then ``` or ~~~),
 * in order. Found from the markers (a native substring search) rather than by visiting every
 * line: a file whose comments hold a fenced example is read line by line no more.
 */
function findFenceLines(text: string): number[] {
  const lines: number[] = [];
  let backticks = text.indexOf('```');
  let tildes = text.indexOf('~~~');
  while (backticks >= 0 || tildes >= 0) {
    const marker = backticks < 0 ? tildes : tildes < 0 ? backticks : Math.min(backticks, tildes);
    if (marker === backticks) backticks = text.indexOf('```', marker + 1);
    else tildes = text.indexOf('~~~', marker + 1);
    const lineStart = text.lastIndexOf('\n', marker - 1) + 1;
    if (lineStart === lines.at(-1) || marker - lineStart > 4 || !isBlank(text, lineStart, marker)) continue;
    lines.push(lineStart);
  }
  return lines;
}

/**
 * Fenced blocks, from the fence lines (a regular expression with a back-reference would be
 * quadratic on unclosed fences); only fence lines are sliced.
 */
export function findFencedBlocks(text: string): { start: number; end: number; info: string }[] {
  const blocks: { start: number; end: number; info: string }[] = [];
  let open: { start: number; marker: string; info: string } | null = null;
  for (const lineStart of findFenceLines(text)) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, Math.min(lineEnd, lineStart + 200)).trim();
    if (open === null) {
      open = {
        start: lineEnd === text.length ? lineEnd : lineEnd + 1,
        marker: line.slice(0, 3),
        info: line.slice(3).trim().split(/\s/)[0]!.toLowerCase(),
      };
    } else if (line === open.marker) {
      blocks.push({ start: open.start, end: lineStart, info: open.info });
      open = null;
    }
  }
  if (open !== null) blocks.push({ start: open.start, end: text.length, info: open.info });
  return blocks;
}
