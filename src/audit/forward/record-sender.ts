import type { AuditRecord } from '../audit-record.js';

/**
 * Delivers finished records to one destination (a SIEM). `send` resolves once the destination
 * has them (HTTP 2xx; for syslog, once written to the socket) and throws otherwise; the
 * forwarding loop retries the same batch with backoff, so delivery is at least once.
 */
export interface RecordSender {
  send(records: readonly AuditRecord[]): Promise<void>;
  close(): Promise<void>;
}
