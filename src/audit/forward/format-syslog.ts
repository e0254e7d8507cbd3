import os from 'node:os';
import type { AuditRecord } from '../audit-record.js';

/**
 * An audit record as an RFC 5424 syslog message:
 * `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD-ELEMENT] BOM MSG`, where the structured
 * data carries the fields a SIEM filters on and MSG is the whole record as JSON (UTF-8, so
 * prefixed by the byte order mark, as §6.4 asks).
 */
export interface SyslogFormatOptions {
  facility: number;
  structuredDataId: string;
  hostname?: string;
  procId?: number;
}

const BOM = '\uFEFF';
const NIL = '-';

/**
 * Severity (RFC 5424 §6.2.1): warning for requests that failed or were refused for any reason but
 * the policy, notice for policy interventions (block, reroute, redact), informational otherwise.
 */
export function selectSeverity(record: AuditRecord): number {
  if (record.outcome !== null && record.outcome !== 'ok' && record.outcome !== 'POLICY_BLOCKED') return 4;
  if (record.policy.action === 'block' || record.policy.action === 'reroute' || record.policy.action === 'redact') return 5;
  return 6;
}

/** PARAM-VALUE escaping (§6.3.3): `"`, `\` and `]` are preceded by a backslash. */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (character) => `\\${character}`);
}

/** HOSTNAME, APP-NAME…: printable US-ASCII without spaces, bounded, or the NILVALUE. */
function toHeaderField(value: string | undefined, maxLength: number): string {
  const cleaned = (value ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, maxLength);
  return cleaned === '' ? NIL : cleaned;
}

export function formatSyslogMessage(record: AuditRecord, options: SyslogFormatOptions): string {
  const priority = options.facility * 8 + selectSeverity(record);
  const timestamp = record.endedAt ?? record.time;
  const header = [
    `<${priority}>1`,
    timestamp,
    toHeaderField(options.hostname ?? os.hostname(), 255),
    'airlock',
    toHeaderField(String(options.procId ?? process.pid), 128),
    'audit',
  ].join(' ');
  const parameters: [string, string | number | null][] = [
    ['requestId', record.requestId],
    ['replica', record.replica],
    ['user', record.principal.user],
    ['team', record.principal.team],
    ['keyId', record.principal.keyId],
    ['action', record.policy.action],
    ['rule', record.policy.rule],
    ['classification', record.classification],
    ['destination', record.destination],
    ['model', record.upstreamModel],
    ['status', record.status],
    ['outcome', record.outcome],
  ];
  const element = parameters
    .filter((parameter): parameter is [string, string | number] => parameter[1] !== null)
    .map(([name, value]) => `${name}="${escapeParamValue(String(value))}"`)
    .join(' ');
  return `${header} [${options.structuredDataId} ${element}] ${BOM}${JSON.stringify(record)}`;
}

/** RFC 6587 §3.4.1 octet counting: `MSG-LEN SP SYSLOG-MSG`, the length in bytes. */
export function frameOctetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
