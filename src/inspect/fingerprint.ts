import { createHmac, createSecretKey } from 'node:crypto';

/**
 * Keyed fingerprint of a matched value: HMAC-SHA256, hex. The audit log stores these instead of
 * values, so a leaked value can be looked up ("did this key ever go out?") without the log ever
 * holding it; without the key, a fingerprint cannot be brute-forced from a guess list.
 */
export function createFingerprinter(key: string | Buffer): (value: string) => string {
  if (key.length === 0) throw new Error('The fingerprint key must not be empty.');
  // One KeyObject for the process: the key is prepared once, not on every finding.
  const secret = createSecretKey(typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key));
  return (value) => createHmac('sha256', secret).update(value, 'utf8').digest('hex');
}
