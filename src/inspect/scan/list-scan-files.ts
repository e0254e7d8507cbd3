import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * The files `airlock scan` looks at under a directory: every regular file, recursively, except
 * what a `.gitignore` (in the directory, its subdirectories, or its ancestors up to the
 * repository root) ignores, and `.git` itself. Symbolic links are not followed (no loops, no
 * escaping the tree). Files named explicitly are always scanned, as `git add -f` would.
 */

interface IgnoreScope {
  /** Directory the .gitignore lives in; its patterns are relative to it. */
  base: string;
  rules: Ignore;
}

function readGitignore(directory: string): IgnoreScope | null {
  const file = path.join(directory, '.gitignore');
  if (!existsSync(file)) return null;
  try {
    return { base: directory, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return null;
  }
}

/** .gitignore files of the ancestors, up to (and including) the directory that holds `.git`. */
function collectAncestorScopes(directory: string): IgnoreScope[] {
  const scopes: IgnoreScope[] = [];
  let current = path.dirname(directory);
  if (existsSync(path.join(directory, '.git'))) return scopes;
  while (current !== path.dirname(current)) {
    const scope = readGitignore(current);
    if (scope !== null) scopes.unshift(scope);
    if (existsSync(path.join(current, '.git'))) break;
    current = path.dirname(current);
  }
  return scopes;
}

function isIgnored(scopes: IgnoreScope[], fullPath: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    const relative = path.relative(scope.base, fullPath).split(path.sep).join('/');
    if (relative === '' || relative.startsWith('..')) continue;
    if (scope.rules.ignores(isDirectory ? `${relative}/` : relative)) return true;
  }
  return false;
}

/** Every file under `directory` that git would not ignore, in sorted order. */
export function listScanFiles(directory: string): string[] {
  const root = path.resolve(directory);
  const files: string[] = [];
  const walk = (current: string, scopes: IgnoreScope[]): void => {
    const own = readGitignore(current);
    const active = own === null ? scopes : [...scopes, own];
    const entries = readdirSync(current, { withFileTypes: true }).sort((left, right) =>
      left.name < right.name ? -1 : left.name > right.name ? 1 : 0,
    );
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const full = path.join(current, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (!isIgnored(active, full, true)) walk(full, active);
      } else if (entry.isFile() && !isIgnored(active, full, false)) {
        files.push(full);
      }
    }
  };
  if (!lstatSync(root).isDirectory()) return [root];
  walk(root, collectAncestorScopes(root));
  return files;
}

const decoder = new TextDecoder('utf-8');

/**
 * Git's heuristic (a NUL byte in the first 8000 bytes), plus: more than 2% of those bytes not
 * decoding as UTF-8 (images and archives without a NUL early on).
 */
export function isBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return true;
  const text = decoder.decode(head);
  let invalid = 0;
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) === 0xfffd) invalid++;
  return invalid > head.length / 50;
}
