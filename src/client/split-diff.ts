/** One file's part of a unified diff: its header lines (diff --git, index, ---, +++) and its hunks. */
export interface DiffFile {
  /** The path in the new version (the old one for a deletion). */
  path: string;
  header: string;
  hunks: string[];
  /** Why the file is left out of the review (a lockfile, a binary), if it is. */
  skipped?: string;
}

/** A piece of the diff small enough for one request. */
export interface DiffChunk {
  paths: string[];
  text: string;
}

const LOCKFILES =
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|Gemfile\.lock|composer\.lock|go\.sum)$/;

/**
 * Splits a unified diff (git's, or plain `diff -u`) into files. Returns an empty list for text
 * that is not a diff. Lockfiles and binary changes are marked skipped: they are large and a
 * model has nothing useful to say about them.
 */
export function parseDiff(text: string): DiffFile[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const starts = findFileStarts(lines);
  return starts.map((start, index) => {
    const end = starts[index + 1] ?? lines.length;
    return toDiffFile(lines.slice(start, end));
  });
}

function findFileStarts(lines: readonly string[]): number[] {
  const git = lines.flatMap((line, index) => (line.startsWith('diff --git ') ? [index] : []));
  if (git.length > 0) return git;
  // Plain unified diffs: a file starts at `--- old` directly followed by `+++ new`.
  return lines.flatMap((line, index) => (line.startsWith('--- ') && lines[index + 1]?.startsWith('+++ ') ? [index] : []));
}

function toDiffFile(lines: string[]): DiffFile {
  const firstHunk = lines.findIndex((line) => line.startsWith('@@'));
  const headerLines = firstHunk === -1 ? lines : lines.slice(0, firstHunk);
  const hunks: string[] = [];
  let current: string[] = [];
  for (const line of firstHunk === -1 ? [] : lines.slice(firstHunk)) {
    if (line.startsWith('@@') && current.length > 0) {
      hunks.push(current.join('\n'));
      current = [];
    }
    current.push(line);
  }
  if (current.length > 0) hunks.push(current.join('\n').replace(/\n+$/, ''));
  const file: DiffFile = { path: findPath(headerLines), header: headerLines.join('\n').replace(/\n+$/, ''), hunks };
  if (LOCKFILES.test(file.path)) file.skipped = 'lockfile';
  else if (headerLines.some((line) => line.startsWith('Binary files ') || line === 'GIT binary patch')) file.skipped = 'binary';
  return file;
}

function findPath(header: readonly string[]): string {
  const added = header
    .find((line) => line.startsWith('+++ '))
    ?.slice(4)
    .trim();
  if (added && added !== '/dev/null') return stripPrefix(added);
  const removed = header
    .find((line) => line.startsWith('--- '))
    ?.slice(4)
    .trim();
  if (removed && removed !== '/dev/null') return stripPrefix(removed);
  const git = /^diff --git a\/(.+) b\/(.+)$/.exec(header[0] ?? '');
  return git?.[2] ?? '(unknown file)';
}

function stripPrefix(name: string): string {
  // `+++ b/src/x.ts\t2024-01-01 ...`: drop git's a/ b/ prefix and diff -u's timestamp.
  return name.split('\t')[0]!.replace(/^[ab]\//, '');
}

/**
 * Packs files into chunks of at most `maxBytes`, keeping each file whole when it fits. A larger
 * file is split between hunks, and a larger hunk between lines; every piece repeats the file
 * header (and the hunk header) so the model always knows where it is.
 */
export function chunkDiff(files: readonly DiffFile[], maxBytes: number): DiffChunk[] {
  const pieces = files.filter((file) => !file.skipped).flatMap((file) => splitFile(file, maxBytes));
  const chunks: DiffChunk[] = [];
  for (const piece of pieces) {
    const last = chunks.at(-1);
    if (last && byteLength(last.text) + 1 + byteLength(piece.text) <= maxBytes) {
      last.text += `\n${piece.text}`;
      if (!last.paths.includes(piece.path)) last.paths.push(piece.path);
    } else {
      chunks.push({ paths: [piece.path], text: piece.text });
    }
  }
  return chunks;
}

function splitFile(file: DiffFile, maxBytes: number): { path: string; text: string }[] {
  const whole = [file.header, ...file.hunks].join('\n');
  if (byteLength(whole) <= maxBytes) return [{ path: file.path, text: whole }];
  const budget = Math.max(1, maxBytes - byteLength(file.header) - 1);
  const pieces: { path: string; text: string }[] = [];
  let body: string[] = [];
  const flush = () => {
    if (body.length > 0) pieces.push({ path: file.path, text: [file.header, ...body].join('\n') });
    body = [];
  };
  for (const hunk of file.hunks.flatMap((hunk) => splitHunk(hunk, budget))) {
    if (byteLength([...body, hunk].join('\n')) > budget) flush();
    body.push(hunk);
  }
  flush();
  return pieces;
}

function splitHunk(hunk: string, budget: number): string[] {
  if (byteLength(hunk) <= budget) return [hunk];
  const [heading = '', ...lines] = hunk.split('\n');
  const parts: string[] = [];
  let current = [heading];
  for (const line of lines) {
    if (current.length > 1 && byteLength([...current, line].join('\n')) > budget) {
      parts.push(current.join('\n'));
      current = [`${heading} (continued)`];
    }
    current.push(line);
  }
  parts.push(current.join('\n'));
  return parts;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
