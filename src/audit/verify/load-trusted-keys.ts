import type { KeyObject } from 'node:crypto';
import type { AuditConfig } from '../audit-schema.js';
import { computePublicKeyId, loadSigningKey, parsePublicKey } from '../signing-key.js';

/**
 * The public keys `verify` accepts checkpoints from, by key id: those listed in
 * `audit.verifyKeys`, those given on the command line, and the public half of the configured
 * signing key (the environment variable, or the key file in the data directory) when this
 * machine has it. A key stored in the database is never trusted: whoever can edit the log could
 * put their own there.
 */
export function loadTrustedKeys(
  config: AuditConfig,
  dataDir: string,
  env: Record<string, string | undefined>,
  extra: readonly string[] = [],
): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const text of [...config.verifyKeys, ...extra]) {
    let key: KeyObject;
    try {
      key = parsePublicKey(text);
    } catch {
      throw new Error('A trusted key is not an Ed25519 public key (SPKI PEM, or base64 of the DER).');
    }
    keys.set(computePublicKeyId(key), key);
  }
  const signing = loadSigningKey(config.signingKeyEnv, dataDir, env, false);
  if (signing) keys.set(signing.id, signing.publicKey);
  return keys;
}
