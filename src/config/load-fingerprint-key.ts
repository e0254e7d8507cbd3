import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ENV_NAME = 'AIRLOCK_FINGERPRINT_KEY';

/**
 * The key for HMAC fingerprints of matched values. Replicas of a fleet must share it (set
 * AIRLOCK_FINGERPRINT_KEY, at least 32 characters) so a leaked secret can be looked up across
 * their audit records; a single machine generates one in its data directory (mode 0600).
 */
export function loadFingerprintKey(dataDir: string, env: Record<string, string | undefined>): Buffer {
  const fromEnv = env[ENV_NAME];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < 32) throw new Error(`${ENV_NAME} must be at least 32 characters long.`);
    return Buffer.from(fromEnv, 'utf8');
  }
  const file = path.join(dataDir, 'fingerprint.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    throw error;
  }
}
