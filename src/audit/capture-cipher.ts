import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ConfigError } from '../config/config-error.js';

/**
 * Captured prompt and completion text, encrypted at rest with AES-256-GCM. The stored form is
 * `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64 parts); the key id (a hash of the key, never the
 * key) tells which key a record needs after a rotation. The additional authenticated data binds
 * a ciphertext to its request, so it cannot be moved to another record and still decrypt.
 */
export interface CaptureCipher {
  keyId: string;
  encrypt(plaintext: string, associatedData: string): string;
  decrypt(stored: string, associatedData: string): string;
}

const VERSION = 'v1';

/** A 32-byte key from 64 hex digits or base64. */
export function parseCaptureKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(source, [
      { path: 'audit.capture.keyEnv', message: 'must hold a 256-bit key: 64 hex characters or base64 of 32 bytes' },
    ]);
  }
  return key;
}

export function createCaptureCipher(key: Buffer): CaptureCipher {
  const keyId = createHash('sha256').update('airlock-capture-key-id').update(key).digest('hex').slice(0, 12);
  return {
    keyId,
    encrypt(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
    },
    decrypt(stored, associatedData) {
      const [version, storedKeyId, iv, tag, ciphertext] = stored.split(':');
      if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined)
        throw new Error('Unknown captured content format.');
      if (storedKeyId !== keyId) throw new Error(`Captured content was encrypted with another key (${storedKeyId ?? '?'}).`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

/** The cipher for the key in the named environment variable, or undefined when it is not set. */
export function loadCaptureCipher(envName: string, env: Record<string, string | undefined>): CaptureCipher | undefined {
  const value = env[envName];
  if (value === undefined || value === '') return undefined;
  return createCaptureCipher(parseCaptureKey(value, `environment ${envName}`));
}

/** What the ciphertext of one entry is bound to. */
export function createCaptureAssociatedData(requestId: string, kind: string): string {
  return `airlock-capture\n${requestId}\n${kind}`;
}
