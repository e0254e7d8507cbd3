import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config-error.js';

/** The key that signs checkpoints, and its public half's id (what checkpoint entries name as `signer`). */
export interface SigningKey {
  id: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM, to give to whoever verifies (`audit.verifyKeys`, `--public-key`). */
  publicPem: string;
  /** Where it came from: the environment variable's name, or the file in the data directory. */
  source: string;
}

const KEY_FILE = 'audit-signing.key';
const PUBLIC_KEY_FILE = 'audit-signing.pub';

/** A short stable id of a public key: the first 16 hex digits of SHA-256 over its DER. */
export function computePublicKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** A signing key from an Ed25519 private key; `source` says where it came from (for logs). */
export function createSigningKey(privateKey: KeyObject, source: string): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(source, [{ path: 'audit.signingKeyEnv', message: 'the checkpoint signing key must be an Ed25519 private key' }]);
  }
  const publicKey = createPublicKey(privateKey);
  return {
    id: computePublicKeyId(publicKey),
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    source,
  };
}

function parsePrivateKey(text: string, source: string): KeyObject {
  try {
    return createPrivateKey(text.includes('-----BEGIN') ? text : { key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    // The key text itself is never echoed.
    throw new ConfigError(source, [
      { path: 'audit.signingKeyEnv', message: 'is not a readable Ed25519 private key (PKCS#8 PEM or base64 DER)' },
    ]);
  }
}

/**
 * The checkpoint signing key: from the environment variable the config names; otherwise the one
 * in `<dataDir>/audit-signing.key`, generated (mode 0600) on first use, which suits one machine.
 * A fleet sets the variable on every replica (one key, or one per replica listed in
 * `audit.verifyKeys`), so checkpoints verify wherever `airlock audit verify` runs. A generated
 * key's public half is written next to it, as `audit-signing.pub`.
 */
export function loadSigningKey(
  envName: string,
  dataDir: string,
  env: Record<string, string | undefined>,
  create = true,
): SigningKey | undefined {
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return createSigningKey(parsePrivateKey(fromEnv, `environment ${envName}`), envName);
  const file = path.join(dataDir, KEY_FILE);
  try {
    return createSigningKey(parsePrivateKey(readFileSync(file, 'utf8'), file), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!create) return undefined;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    const key = createSigningKey(privateKey, file);
    // The public half, for whoever verifies elsewhere (`--public-key`, `audit.verifyKeys`).
    writeFileSync(path.join(dataDir, PUBLIC_KEY_FILE), key.publicPem, { mode: 0o644 });
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return createSigningKey(parsePrivateKey(readFileSync(file, 'utf8'), file), file);
    throw error;
  }
}

/** A public key from SPKI PEM or base64 DER (as in `audit.verifyKeys` or a `--public-key` file). */
export function parsePublicKey(text: string): KeyObject {
  const key = createPublicKey(
    text.includes('-----BEGIN') ? text : { key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' },
  );
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
  return key;
}

export function signPayload(key: SigningKey, payload: Buffer): string {
  return sign(null, payload, key.privateKey).toString('base64');
}

export function verifyPayload(publicKey: KeyObject, payload: Buffer, signature: string): boolean {
  try {
    return verify(null, payload, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
