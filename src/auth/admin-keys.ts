import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config/config-error.js';

/**
 * Admin API keys, read from the environment variable `auth.adminKeysEnv` (never from the config
 * file): comma-separated entries, each `secret` or `name:secret`. Only SHA-256 digests are kept in
 * memory, and a presented key is compared with every digest in constant time, so neither the
 * comparison nor the position of a match leaks through timing.
 */

const MIN_SECRET_LENGTH = 24;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export interface AdminKeyEntry {
  /** Shown as the actor of admin events: the given name, or a digest prefix (`admin:3f9a…`). */
  actor: string;
  digest: Buffer;
}

export interface AdminKeys {
  readonly count: number;
  /** The actor of the matching key, or undefined. */
  verify(presented: string): string | undefined;
}

function digestOf(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Parses the variable's value; a short or empty secret is a configuration error (never echoed). */
export function parseAdminKeys(value: string | undefined, variable: string): AdminKeys {
  const entries: AdminKeyEntry[] = [];
  const problems: string[] = [];
  for (const [index, raw] of (value ?? '').split(',').entries()) {
    const entry = raw.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const named = colon > 0 && NAME.test(entry.slice(0, colon));
    const secret = named ? entry.slice(colon + 1) : entry;
    if (secret.length < MIN_SECRET_LENGTH) {
      problems.push(`entry ${index + 1} is shorter than ${MIN_SECRET_LENGTH} characters`);
      continue;
    }
    const digest = digestOf(secret);
    entries.push({ actor: named ? `admin:${entry.slice(0, colon)}` : `admin:${digest.toString('hex').slice(0, 12)}`, digest });
  }
  if (problems.length > 0) {
    throw new ConfigError(
      'environment',
      problems.map((message) => ({ path: `${variable} (admin keys)`, message })),
    );
  }
  return createAdminKeys(entries);
}

export function createAdminKeys(entries: readonly AdminKeyEntry[]): AdminKeys {
  return {
    count: entries.length,
    verify(presented: string): string | undefined {
      const digest = digestOf(presented);
      let actor: string | undefined;
      // No early exit: every entry is compared whatever matched.
      for (const entry of entries) {
        if (timingSafeEqual(digest, entry.digest) && actor === undefined) actor = entry.actor;
      }
      return actor;
    },
  };
}
