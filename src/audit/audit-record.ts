import type { CandidateRoute, FindingSummary } from './audit-entry.js';

/**
 * One request as query, report, export and the forwarders show it: its decision joined with its
 * outcome (a row of the `audit_records` view). Times are ISO 8601 UTC; money is integer
 * micro-dollars. `chain` says where its entries sit, so an exported record can be checked
 * against the log.
 */
export interface AuditRecord {
  requestId: string;
  time: string;
  endedAt: string | null;
  replica: string;
  principal: { user: string | null; team: string | null; keyId: string | null };
  surface: string | null;
  client: string | null;
  operation: string | null;
  stream: boolean | null;
  requestedModel: string | null;
  classification: string | null;
  effectiveClassification: string | null;
  injection: boolean | null;
  findings: FindingSummary[];
  policy: { rule: string | null; action: string | null; reasons: string[] };
  redactions: Record<string, number>;
  candidates: CandidateRoute[];
  destination: string | null;
  upstreamModel: string | null;
  attempts: number | null;
  status: number | null;
  /** `ok`, the error code the client got, or `GATEWAY_RESTARTED`; null while the request is in flight. */
  outcome: string | null;
  tokens: { input: number | null; output: number | null; estimated: boolean | null };
  costMicroUsd: number | null;
  latencyMs: number | null;
  interrupted: boolean | null;
  capture: boolean;
  /** Decrypted captured content, only when asked for and the key is available. */
  content?: { prompt?: unknown; completion?: unknown };
  chain: { seq: number; hash: string; outcomeSeq: number | null; outcomeHash: string | null };
}

/** The encrypted captured content of a record, as stored (for decryption on demand). */
export interface SealedContent {
  prompt: string | null;
  completion: string | null;
  decisionKind: 'decision' | 'complete';
}

type Row = Record<string, unknown>;

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const integer = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const flag = (value: unknown): boolean | null =>
  value === null || value === undefined ? null : value === true || value === 1 || value === '1';
const time = (value: unknown): string | null => (value === null || value === undefined ? null : new Date(Number(value)).toISOString());

function parseJson<T>(value: unknown, fallback: T): T {
  if (typeof value !== 'string') return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

/** A row of the audit_records view as a record (either backend's value types). */
export function readRecordRow(row: Row): AuditRecord {
  return {
    requestId: String(row.request_id),
    time: time(row.time_ms) ?? '',
    endedAt: time(row.ended_ms),
    replica: String(row.replica),
    principal: { user: text(row.user_name), team: text(row.team), keyId: text(row.key_id) },
    surface: text(row.surface),
    client: text(row.client),
    operation: text(row.operation),
    stream: flag(row.stream),
    requestedModel: text(row.requested_model),
    classification: text(row.classification),
    effectiveClassification: text(row.effective_classification),
    injection: flag(row.injection),
    findings: parseJson<FindingSummary[]>(row.findings, []),
    policy: { rule: text(row.rule), action: text(row.action), reasons: parseJson<string[]>(row.reasons, []) },
    redactions: parseJson<Record<string, number>>(row.redactions, {}),
    candidates: parseJson<CandidateRoute[]>(row.candidates, []),
    destination: text(row.destination),
    upstreamModel: text(row.upstream_model),
    attempts: integer(row.attempts),
    status: integer(row.status),
    outcome: text(row.outcome),
    tokens: { input: integer(row.input_tokens), output: integer(row.output_tokens), estimated: flag(row.estimated) },
    costMicroUsd: integer(row.cost_micro_usd),
    latencyMs: integer(row.latency_ms),
    interrupted: flag(row.interrupted),
    capture: flag(row.capture) === true,
    chain: { seq: Number(row.seq), hash: String(row.hash), outcomeSeq: integer(row.outcome_seq), outcomeHash: text(row.outcome_hash) },
  };
}

export function readSealedContent(row: Row): SealedContent {
  return {
    prompt: text(row.prompt_content),
    completion: text(row.completion_content),
    decisionKind: row.kind === 'complete' ? 'complete' : 'decision',
  };
}
