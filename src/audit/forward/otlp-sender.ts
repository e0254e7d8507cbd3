import { request } from 'undici';
import type { OtlpForwarderConfig } from '../audit-schema.js';
import type { AuditRecord } from '../audit-record.js';
import { selectSeverity } from './format-syslog.js';
import type { RecordSender } from './record-sender.js';

type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean };
interface KeyValue {
  key: string;
  value: AnyValue;
}

/** OpenTelemetry severity numbers for the syslog severities we use (4 warning, 5 notice, 6 informational). */
const SEVERITIES: Record<number, { number: number; text: string }> = {
  4: { number: 13, text: 'WARN' },
  5: { number: 10, text: 'NOTICE' },
  6: { number: 9, text: 'INFO' },
};

function toAttribute(key: string, value: string | number | boolean | null): KeyValue[] {
  if (value === null) return [];
  // OTLP/JSON follows the protobuf JSON mapping: 64-bit integers are decimal strings.
  if (typeof value === 'number') return [{ key, value: { intValue: String(Math.trunc(value)) } }];
  if (typeof value === 'boolean') return [{ key, value: { boolValue: value } }];
  return [{ key, value: { stringValue: value } }];
}

function toNanoseconds(iso: string): string {
  return `${BigInt(Date.parse(iso)) * 1_000_000n}`;
}

/** One log record per audit record: the record as a JSON body, and the fields a backend indexes as attributes. */
export function convertToLogRecord(record: AuditRecord): Record<string, unknown> {
  const severity = SEVERITIES[selectSeverity(record)] ?? { number: 9, text: 'INFO' };
  return {
    timeUnixNano: toNanoseconds(record.time),
    observedTimeUnixNano: toNanoseconds(record.endedAt ?? record.time),
    severityNumber: severity.number,
    severityText: severity.text,
    eventName: 'airlock.audit.request',
    body: { stringValue: JSON.stringify(record) },
    attributes: [
      ...toAttribute('airlock.request.id', record.requestId),
      ...toAttribute('airlock.replica', record.replica),
      ...toAttribute('airlock.user', record.principal.user),
      ...toAttribute('airlock.team', record.principal.team),
      ...toAttribute('airlock.key_id', record.principal.keyId),
      ...toAttribute('airlock.policy.action', record.policy.action),
      ...toAttribute('airlock.policy.rule', record.policy.rule),
      ...toAttribute('airlock.classification', record.classification),
      ...toAttribute('airlock.destination', record.destination),
      ...toAttribute('airlock.outcome', record.outcome),
      ...toAttribute('gen_ai.request.model', record.requestedModel),
      ...toAttribute('gen_ai.response.model', record.upstreamModel),
      ...toAttribute('gen_ai.usage.input_tokens', record.tokens.input),
      ...toAttribute('gen_ai.usage.output_tokens', record.tokens.output),
      ...toAttribute('http.response.status_code', record.status),
    ],
  };
}

/** An ExportLogsServiceRequest in OTLP/JSON: resourceLogs → scopeLogs → logRecords. */
export function buildLogsRequest(records: readonly AuditRecord[], serviceInstance: string): Record<string, unknown> {
  return {
    resourceLogs: [
      {
        resource: { attributes: [...toAttribute('service.name', 'airlock'), ...toAttribute('service.instance.id', serviceInstance)] },
        scopeLogs: [{ scope: { name: 'airlock.audit', version: '1' }, logRecords: records.map(convertToLogRecord) }],
      },
    ],
  };
}

/** `name=value,name=value` (the OTEL_EXPORTER_OTLP_HEADERS format). */
export function parseHeaderList(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const index = pair.indexOf('=');
    if (index > 0) headers[decodeURIComponent(pair.slice(0, index).trim())] = decodeURIComponent(pair.slice(index + 1).trim());
  }
  return headers;
}

/**
 * OTLP/HTTP with the JSON encoding: POST <endpoint>/v1/logs. A 2xx is delivery (records a
 * partial success rejected are reported by the collector, not retried: they would be rejected
 * again); anything else is retried by the loop.
 */
export function createOtlpSender(
  config: OtlpForwarderConfig,
  env: Record<string, string | undefined>,
  serviceInstance: () => string,
): RecordSender {
  const extra = config.headersEnv ? parseHeaderList(env[config.headersEnv] ?? '') : {};
  const url = `${config.endpoint.replace(/\/+$/, '')}/v1/logs`;
  return {
    async send(records) {
      const response = await request(url, {
        method: 'POST',
        headers: { ...extra, 'content-type': 'application/json', 'user-agent': 'airlock-audit' },
        body: JSON.stringify(buildLogsRequest(records, serviceInstance())),
        headersTimeout: config.timeoutMs,
        bodyTimeout: config.timeoutMs,
      });
      await response.body.dump();
      if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`OTLP collector answered HTTP ${response.statusCode}`);
    },
    async close() {},
  };
}
