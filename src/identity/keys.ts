import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Virtual keys: `alk_` followed by 40 base62 characters from the operating system's CSPRNG
 * (about 238 bits). Only the SHA-256 of a key is stored. A fast hash is the right tool here:
 * slow password hashes (bcrypt, scrypt, argon2) exist to make guessing low-entropy passwords
 * expensive, but guessing a 238-bit random key is impossible at any hash speed, while a slow hash
 * would cost milliseconds on every request and rule out looking the key up by an index.
 */

export const API_KEY_PREFIX = 'alk_';
const SECRET_LENGTH = 40;
const DISPLAY_LENGTH = API_KEY_PREFIX.length + 8;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const WELL_FORMED = /^alk_[0-9A-Za-z]{32,128}$/;

/** `length` uniformly random base62 characters (rejection sampling: no modulo bias). */
export function generateBase62(length: number): string {
  let result = '';
  while (result.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes at or above it would make the first characters more likely.
      if (byte < 248) result += BASE62[byte % 62];
      if (result.length === length) break;
    }
  }
  return result;
}

/** A new secret key, shown to its owner once and never stored. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + generateBase62(SECRET_LENGTH);
}

/** A new key id (`key_…`): public, stable across rotations. */
export function generateKeyId(): string {
  return `key_${generateBase62(16)}`;
}

/** Lowercase hex SHA-256 of the key, as stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The first characters of a key, safe to show in lists and logs (`alk_AbC12345`). */
export function getKeyDisplayPrefix(key: string): string {
  return key.slice(0, DISPLAY_LENGTH);
}

/** Whether a presented credential has the shape of an Airlock key (checked before any lookup). */
export function isWellFormedApiKey(value: string): boolean {
  return WELL_FORMED.test(value);
}

/** Compares a presented key with a stored hash in constant time. */
export function verifyApiKey(presentedKey: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(presentedKey), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
