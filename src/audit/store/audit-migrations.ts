import type { Migration } from '../../store/migration.js';

/**
 * The audit log's tables, appended to both backends' migration lists (never edit once released:
 * see `Migration`). The two differ only in types: SQLite stores booleans as integers, PostgreSQL
 * uses bigint, boolean and text (never jsonb: JSON columns must come back byte for byte, or the
 * hashes would not verify).
 *
 * - audit_chains: one row per replica chain; `holder` is the live process writing it (a lease
 *   renewed by every write), so two processes never append to the same chain.
 * - audit_entries: the chained entries (see `audit-entry.ts`).
 * - audit_fingerprints: an index from a finding's keyed fingerprint to the entries that carried
 *   it, for `airlock audit lookup`; `verify` checks it against the entries' own findings.
 * - audit_forward_cursors: how far each forwarder has delivered each chain (the backlog is the
 *   log itself, so nothing is dropped when a SIEM is down or the gateway restarts).
 * - audit_records: a view joining each decision with its outcome by request id (an outcome may
 *   sit on another chain when a replica had to move to a new chain mid-request): one row per request.
 */
function createAuditSql(types: { int: string; bool: string }): string {
  const { int, bool } = types;
  return `
    CREATE TABLE audit_chains (
      replica text PRIMARY KEY,
      holder text,
      heartbeat_ms ${int} NOT NULL,
      created_ms ${int} NOT NULL
    );
    CREATE TABLE audit_entries (
      replica text NOT NULL,
      seq ${int} NOT NULL,
      kind text NOT NULL CHECK (kind IN ('decision', 'outcome', 'complete', 'checkpoint')),
      request_id text,
      time_ms ${int} NOT NULL,
      key_id text,
      user_name text,
      team text,
      surface text,
      client text,
      operation text,
      stream ${bool},
      requested_model text,
      classification text,
      effective_classification text,
      injection ${bool},
      findings text,
      rule text,
      action text,
      reasons text,
      redactions text,
      candidates text,
      capture ${bool},
      status ${int},
      outcome text,
      destination text,
      upstream_model text,
      attempts ${int},
      input_tokens ${int},
      output_tokens ${int},
      estimated ${bool},
      cost_micro_usd ${int},
      latency_ms ${int},
      interrupted ${bool},
      content text,
      signer text,
      signature text,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      PRIMARY KEY (replica, seq)
    );
    CREATE INDEX audit_entries_time ON audit_entries (time_ms);
    CREATE INDEX audit_entries_request ON audit_entries (request_id);
    CREATE TABLE audit_fingerprints (
      fingerprint text NOT NULL,
      replica text NOT NULL,
      seq ${int} NOT NULL,
      PRIMARY KEY (fingerprint, replica, seq)
    );
    CREATE INDEX audit_fingerprints_entry ON audit_fingerprints (replica, seq);
    CREATE TABLE audit_forward_cursors (
      forwarder text NOT NULL,
      replica text NOT NULL,
      seq ${int} NOT NULL,
      updated_ms ${int} NOT NULL,
      PRIMARY KEY (forwarder, replica)
    );
    CREATE VIEW audit_records AS
    SELECT d.replica, d.seq, d.kind, d.request_id, d.time_ms, d.key_id, d.user_name, d.team, d.surface, d.client,
      d.operation, d.stream, d.requested_model, d.classification, d.effective_classification, d.injection, d.findings,
      d.rule, d.action, d.reasons, d.redactions, d.candidates, d.capture, d.content AS prompt_content,
      COALESCE(o.status, d.status) AS status,
      COALESCE(o.outcome, d.outcome) AS outcome,
      COALESCE(o.destination, d.destination) AS destination,
      COALESCE(o.upstream_model, d.upstream_model) AS upstream_model,
      COALESCE(o.attempts, d.attempts) AS attempts,
      COALESCE(o.input_tokens, d.input_tokens) AS input_tokens,
      COALESCE(o.output_tokens, d.output_tokens) AS output_tokens,
      COALESCE(o.estimated, d.estimated) AS estimated,
      COALESCE(o.cost_micro_usd, d.cost_micro_usd) AS cost_micro_usd,
      COALESCE(o.latency_ms, d.latency_ms) AS latency_ms,
      COALESCE(o.interrupted, d.interrupted) AS interrupted,
      o.content AS completion_content,
      o.seq AS outcome_seq,
      COALESCE(o.time_ms, CASE WHEN d.kind = 'complete' THEN d.time_ms END) AS ended_ms,
      d.hash AS hash,
      o.hash AS outcome_hash
    FROM audit_entries d
    LEFT JOIN audit_entries o
      ON d.kind = 'decision' AND o.kind = 'outcome' AND o.request_id = d.request_id
    WHERE d.kind IN ('decision', 'complete');
  `;
}

export const SQLITE_AUDIT_MIGRATIONS: Migration[] = [{ id: 'audit-001-log', sql: createAuditSql({ int: 'INTEGER', bool: 'INTEGER' }) }];
export const POSTGRES_AUDIT_MIGRATIONS: Migration[] = [{ id: 'audit-001-log', sql: createAuditSql({ int: 'bigint', bool: 'boolean' }) }];
