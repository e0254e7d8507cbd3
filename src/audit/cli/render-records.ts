import { formatTable } from '../../admin/format-table.js';
import { formatMicroUsd } from '../../identity/pricing.js';
import type { AuditRecord } from '../audit-record.js';

/** Findings as `type×count`, e.g. `aws_access_key_id×1 email×2`. */
export function formatFindings(record: AuditRecord): string {
  return record.findings.map((finding) => `${finding.type}×${finding.count}`).join(' ');
}

const COLUMNS = [
  'time',
  'request',
  'user',
  'team',
  'action',
  'class',
  'destination',
  'model',
  'outcome',
  'findings',
  'tokens',
  'cost usd',
] as const;

function toCells(record: AuditRecord): string[] {
  const tokens =
    record.tokens.input === null ? '' : `${record.tokens.input}+${record.tokens.output ?? 0}${record.tokens.estimated ? '~' : ''}`;
  return [
    record.time,
    record.requestId,
    record.principal.user ?? '-',
    record.principal.team ?? '-',
    record.policy.action ?? '-',
    record.effectiveClassification ?? record.classification ?? '-',
    record.destination ?? '-',
    record.upstreamModel ?? record.requestedModel ?? '-',
    record.outcome ?? '(in flight)',
    formatFindings(record),
    tokens,
    record.costMicroUsd === null ? '' : formatMicroUsd(record.costMicroUsd),
  ];
}

export function renderRecordTable(records: readonly AuditRecord[]): string {
  if (records.length === 0) return 'No matching records.\n';
  return formatTable(
    COLUMNS,
    records.map(toCells),
    COLUMNS.map((column) => column === 'tokens' || column === 'cost usd'),
  );
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. Formula-looking cells are prefixed so spreadsheets do not run them. */
function escapeCsv(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderRecordCsv(records: readonly AuditRecord[]): string {
  const header = [
    'time',
    'request_id',
    'replica',
    'user',
    'team',
    'key_id',
    'surface',
    'client',
    'requested_model',
    'classification',
    'effective_classification',
    'action',
    'rule',
    'destination',
    'upstream_model',
    'status',
    'outcome',
    'findings',
    'input_tokens',
    'output_tokens',
    'estimated',
    'cost_usd',
    'latency_ms',
  ];
  const rows = records.map((record) => [
    record.time,
    record.requestId,
    record.replica,
    record.principal.user ?? '',
    record.principal.team ?? '',
    record.principal.keyId ?? '',
    record.surface ?? '',
    record.client ?? '',
    record.requestedModel ?? '',
    record.classification ?? '',
    record.effectiveClassification ?? '',
    record.policy.action ?? '',
    record.policy.rule ?? '',
    record.destination ?? '',
    record.upstreamModel ?? '',
    record.status === null ? '' : String(record.status),
    record.outcome ?? '',
    formatFindings(record),
    record.tokens.input === null ? '' : String(record.tokens.input),
    record.tokens.output === null ? '' : String(record.tokens.output),
    record.tokens.estimated === null ? '' : String(record.tokens.estimated),
    record.costMicroUsd === null ? '' : formatMicroUsd(record.costMicroUsd),
    record.latencyMs === null ? '' : String(record.latencyMs),
  ]);
  return [header, ...rows].map((row) => row.map(escapeCsv).join(',')).join('\r\n') + '\r\n';
}
