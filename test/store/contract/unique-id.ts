import { randomBytes } from 'node:crypto';

/** An id no other test (or earlier CI run on the same database) uses. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
