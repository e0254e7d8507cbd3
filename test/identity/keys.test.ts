import { describe, expect, it } from 'vitest';
import {
  generateApiKey,
  generateBase62,
  generateKeyId,
  getKeyDisplayPrefix,
  hashApiKey,
  isWellFormedApiKey,
  verifyApiKey,
} from '../../src/identity/keys.js';

describe('virtual keys', () => {
  it('generates alk_ plus 40 base62 characters, all different', () => {
    const keys = Array.from({ length: 200 }, generateApiKey);
    for (const key of keys) expect(key).toMatch(/^alk_[0-9A-Za-z]{40}$/);
    expect(new Set(keys).size).toBe(keys.length);
    expect(generateKeyId()).toMatch(/^key_[0-9A-Za-z]{16}$/);
  });

  it('draws base62 characters uniformly (no modulo bias towards the first ones)', () => {
    const counts = new Map<string, number>();
    for (const character of generateBase62(62_000)) counts.set(character, (counts.get(character) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Expected 1,000 each; a biased generator (byte % 62) would give the first 8 about 1,240.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1_150);
    }
  });

  it('hashes with SHA-256 (published test vector) and shows only a short prefix', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const key = generateApiKey();
    expect(getKeyDisplayPrefix(key)).toBe(key.slice(0, 12));
    expect(getKeyDisplayPrefix(key)).toMatch(/^alk_[0-9A-Za-z]{8}$/);
  });

  it('verifies a key against its stored hash and rejects others', () => {
    const key = generateApiKey();
    const stored = hashApiKey(key);
    expect(verifyApiKey(key, stored)).toBe(true);
    expect(verifyApiKey(generateApiKey(), stored)).toBe(false);
    expect(verifyApiKey(key, stored.slice(0, 62))).toBe(false);
    expect(verifyApiKey(key, '')).toBe(false);
  });

  it('recognises the shape of a key before any lookup', () => {
    expect(isWellFormedApiKey(generateApiKey())).toBe(true);
    for (const bad of ['', 'alk_', 'alk_short', `sk-${'a'.repeat(40)}`, `alk_${'a'.repeat(39)}!`, `alk_${'a'.repeat(200)}`]) {
      expect(isWellFormedApiKey(bad)).toBe(false);
    }
  });
});
