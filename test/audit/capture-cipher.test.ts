import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCaptureAssociatedData, createCaptureCipher, loadCaptureCipher, parseCaptureKey } from '../../src/audit/capture-cipher.js';
import { ConfigError } from '../../src/config/config-error.js';

describe('captured content encryption (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const cipher = createCaptureCipher(key);
  const bound = createCaptureAssociatedData('request-1', 'decision');

  it('round-trips, with a fresh IV each time and no plaintext in the stored form', () => {
    const first = cipher.encrypt('{"prompt":["the merger terms"]}', bound);
    const second = cipher.encrypt('{"prompt":["the merger terms"]}', bound);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^v1:[0-9a-f]{12}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(first.split(':')[4] ?? '', 'base64').toString('utf8')).not.toContain('merger');
    expect(cipher.decrypt(first, bound)).toBe('{"prompt":["the merger terms"]}');
  });

  it('refuses content moved to another record, tampered with, or sealed under another key', () => {
    const stored = cipher.encrypt('secret text', bound);
    expect(() => cipher.decrypt(stored, createCaptureAssociatedData('request-2', 'decision'))).toThrow();
    const parts = stored.split(':');
    const flipped = Buffer.from(parts[4] ?? '', 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => cipher.decrypt([...parts.slice(0, 4), flipped.toString('base64')].join(':'), bound)).toThrow();
    expect(() => createCaptureCipher(randomBytes(32)).decrypt(stored, bound)).toThrow(/another key/);
  });

  it('reads the key from hex or base64 and refuses anything but 256 bits, without echoing it', () => {
    expect(parseCaptureKey(key.toString('hex'), 'test')).toEqual(key);
    expect(parseCaptureKey(key.toString('base64'), 'test')).toEqual(key);
    const failure = (() => {
      try {
        parseCaptureKey('short-and-secret', 'env');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(ConfigError);
    expect(String((failure as Error).message)).not.toContain('short-and-secret');
    expect(loadCaptureCipher('MISSING_KEY', {})).toBeUndefined();
    expect(loadCaptureCipher('CAPTURE', { CAPTURE: key.toString('hex') })?.keyId).toBe(cipher.keyId);
  });
});
