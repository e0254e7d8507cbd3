import { isDeepStrictEqual } from 'node:util';
import { parseDocument, type Document } from 'yaml';
import { UsageError } from '../client/terminal-io.js';

/** A JSON config file's object (an empty object for a missing or blank file); refuses anything else. */
export function parseJsonObject(current: string | undefined, label: string): Record<string, unknown> {
  if (current === undefined || current.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(current);
  } catch (error) {
    throw new UsageError(`${label} is not valid JSON (${(error as Error).message}); fix it or merge the printed settings by hand.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`${label} does not hold a JSON object.`);
  return parsed as Record<string, unknown>;
}

/**
 * The JSON text for `next`: `current` itself when nothing changed (so formatting the user chose
 * survives a no-op run), otherwise `next` indented the way `current` was.
 */
export function formatJsonLike(current: string | undefined, previous: Record<string, unknown>, next: Record<string, unknown>): string {
  if (current !== undefined && isDeepStrictEqual(previous, next)) return current;
  const indent = /^([ \t]+)"/m.exec(current ?? '')?.[1] ?? '  ';
  return `${JSON.stringify(next, null, indent)}\n`;
}

/** A nested object at `key`, created when absent; refuses a non-object there. */
export function ensureObject(parent: Record<string, unknown>, key: string, label: string): Record<string, unknown> {
  const value = parent[key];
  if (value === undefined) {
    const created: Record<string, unknown> = {};
    parent[key] = created;
    return created;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${label}: "${key}" is not an object.`);
  return value as Record<string, unknown>;
}

/** A YAML config file as a Document (comments kept); refuses text that does not parse or is not a map. */
export function parseYamlConfig(current: string | undefined, label: string): Document {
  const document = parseDocument(current ?? '');
  if (document.errors.length > 0) {
    throw new UsageError(
      `${label} is not valid YAML (${document.errors[0]?.message.split('\n')[0]}); fix it or merge the printed settings by hand.`,
    );
  }
  const contents = document.toJS() as unknown;
  if (contents !== null && contents !== undefined && (typeof contents !== 'object' || Array.isArray(contents))) {
    throw new UsageError(`${label} does not hold a YAML mapping.`);
  }
  return document;
}

/** The YAML text after an edit: `current` itself when the data did not change. */
export function formatYamlLike(current: string | undefined, before: unknown, document: Document): string {
  if (current !== undefined && isDeepStrictEqual(before, document.toJS())) return current;
  return document.toString({ lineWidth: 0 });
}
