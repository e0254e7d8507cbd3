import { crc32 } from 'node:zlib';
import { encodeBase62 } from '../../../src/inspect/detectors/secrets/checksums.js';

/**
 * Synthetic credentials for tests: random strings in each format's alphabet, from a seeded
 * generator so every run builds the same tokens. None of them is, or was, a real key.
 */
export const ALPHABETS = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  upperDigits: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  lowerDigits: 'abcdefghijklmnopqrstuvwxyz0123456789',
  letters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  hex: '0123456789abcdef',
  digits: '0123456789',
  base32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  urlSafe: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  bech32: 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
} as const;

/** mulberry32: small, seeded, good enough to make high-entropy test strings. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

let random = createRandom(20_240_601);

/** Restarts the sequence (call in a module's top level for stable strings per file). */
export function reseed(seed: number): void {
  random = createRandom(seed);
}

/** A random string of `length` characters of `alphabet`, with every class of the alphabet present when long enough. */
export function randomString(alphabet: string, length: number): string {
  for (;;) {
    let value = '';
    for (let index = 0; index < length; index++) value += alphabet[Math.floor(random() * alphabet.length)]!;
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/].filter((pattern) => pattern.test(alphabet));
    if (length < 12 || classes.every((pattern) => pattern.test(value))) return value;
  }
}

export function randomUuid(): string {
  const hex = randomString(ALPHABETS.hex, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A GitHub/npm-style token with a valid CRC32 suffix. */
export function createChecksummedToken(prefix: string): string {
  const body = randomString(ALPHABETS.alnum, 30);
  return `${prefix}${body}${encodeBase62(crc32(body) >>> 0, 6)}`;
}

export function base64url(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}
