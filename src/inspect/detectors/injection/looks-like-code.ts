/**
 * A cheap "is this source code?" test for the jailbreak classifier, which was trained on prose
 * prompts only and scores code (out of its distribution) unreliably high. Reads at most the first
 * 4 KB: a text of at least four non-empty lines, at least half of which end like a statement or
 * open like a comment or declaration, is code.
 */
const SAMPLE_LENGTH = 4096;
const MIN_LINES = 4;
const LINE_END = new Set([';', '{', '}', '(', ')', ',', '[', ']', '=', '>']);
const LINE_START = /^(?:\/\/|\/\*|\*|#|@|}|\)|import\b|export\b|const\b|let\b|var\b|return\b|function\b|if\s*\(|def\b|class\b|public\b|private\b)/;

function isCodeLine(line: string): boolean {
  return LINE_END.has(line[line.length - 1]!) || LINE_START.test(line);
}

export function looksLikeCode(text: string): boolean {
  const sample = text.length > SAMPLE_LENGTH ? text.slice(0, SAMPLE_LENGTH) : text;
  let lines = 0;
  let codeLines = 0;
  let start = 0;
  while (start <= sample.length) {
    let end = sample.indexOf('\n', start);
    if (end < 0) end = sample.length;
    const line = sample.slice(start, end).trim();
    if (line.length > 0) {
      lines++;
      if (isCodeLine(line)) codeLines++;
    }
    start = end + 1;
  }
  return lines >= MIN_LINES && codeLines * 2 >= lines;
}
