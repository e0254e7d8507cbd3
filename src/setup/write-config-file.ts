import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../client/terminal-io.js';

/** What `--write` did to a file. */
export type WriteResult =
  { status: 'unchanged'; file: string } | { status: 'created'; file: string } | { status: 'updated'; file: string; backup: string };

/**
 * Applies `merge` to a config file: nothing is written when the result equals what is there (so
 * a second run changes nothing and makes no backup); otherwise the original is copied to
 * `<file>.airlock-backup-<timestamp>` first and the new text replaces it atomically (written
 * beside it, then renamed). A symlinked file is written through to its target, so dotfile
 * managers keep their link. A new file holding a key is created readable by its owner only.
 */
export function writeConfigFile(
  file: string,
  merge: (current: string | undefined) => string,
  options: { storesKey: boolean; now?: Date },
): WriteResult {
  const target = existsSync(file) ? realpathSync(file) : file;
  const current = readCurrent(target);
  const next = merge(current);
  if (next === current) return { status: 'unchanged', file };
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  let backup: string | undefined;
  if (current !== undefined) {
    backup = chooseBackupName(target, options.now ?? new Date());
    copyFileSync(target, backup);
  }
  const mode = current !== undefined ? statSync(target).mode & 0o777 : options.storesKey ? 0o600 : 0o644;
  const temporary = `${target}.airlock-tmp-${process.pid}`;
  try {
    writeFileSync(temporary, next, { mode });
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return backup === undefined ? { status: 'created', file } : { status: 'updated', file, backup };
}

function readCurrent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** `<file>.airlock-backup-20250101T120000Z`, with `-2`, `-3`... if that exists already. */
function chooseBackupName(file: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const base = `${file}.airlock-backup-${stamp}`;
  let candidate = base;
  for (let counter = 2; existsSync(candidate); counter += 1) candidate = `${base}-${counter}`;
  return candidate;
}
