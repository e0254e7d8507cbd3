import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Encodes a number in base 62, left-padded with `0` to `width`. */
export function encodeBase62(value: number, width: number): string {
  let remaining = value;
  let encoded = '';
  while (remaining > 0) {
    encoded = BASE62[remaining % 62]! + encoded;
    remaining = Math.floor(remaining / 62);
  }
  return encoded.padStart(width, '0');
}

/**
 * GitHub (`ghp_…`, `gho_…`, …) and npm (`npm_…`) tokens end with 6 base-62 characters that are
 * the CRC32 of the 30 random characters before them: a real token always passes, a made-up
 * string almost never does (1 in 2^32), which is what lets these rules run at 0.99 confidence.
 */
export function hasValidCrc32Suffix(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length !== 36) return false;
  const random = body.slice(0, 30);
  return encodeBase62(crc32(random) >>> 0, 6) === body.slice(30);
}
