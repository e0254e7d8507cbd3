/**
 * Shared pieces of the audit tests: store locations on both backends (each a fresh file or
 * schema, with a raw connection for tampering), a writer on a claimed chain, and entry builders.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createEntryFields, type EntryFields, type EntryKind } from '../../src/audit/audit-entry.js';
import { AuditWriter } from '../../src/audit/audit-writer.js';
import { claimChain } from '../../src/audit/chain-lease.js';
import { createSigningKey, type SigningKey } from '../../src/audit/signing-key.js';
import type { AuditStore } from '../../src/audit/store/audit-store.js';
import { openAuditStore } from '../../src/audit/store/open-audit-store.js';
import { storeSchema } from '../../src/config/store-schema.js';
import { createSilentLogger } from '../../src/telemetry/logger.js';
import { TEST_DATABASE_URL, TestSchemas } from '../store/postgres-test-database.js';

export type Row = Record<string, unknown>;

/** One database: open audit stores on it, and run raw SQL on it (as someone tampering would). */
export interface AuditLocation {
  open(options?: { queryTimeoutMs?: number; busyTimeoutMs?: number }): Promise<AuditStore>;
  /** Raw SQL with `?` placeholders, outside Airlock. */
  exec(sql: string, values?: unknown[]): Promise<Row[]>;
  /** Makes writes fail until the returned function is called (a lock held by another session). */
  block(): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface AuditBackend {
  name: 'sqlite' | 'postgres';
  createLocation(): Promise<AuditLocation>;
  cleanup(): Promise<void>;
}

export function createSqliteBackend(): AuditBackend {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-audit-'));
  let count = 0;
  return {
    name: 'sqlite',
    async createLocation() {
      count += 1;
      const file = path.join(directory, `audit-${count}.db`);
      const raw = () => new Database(file);
      const open = (options: { busyTimeoutMs?: number } = {}) =>
        openAuditStore(storeSchema.parse({ kind: 'sqlite', path: file, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 }), {
          dataDir: directory,
        });
      const first = await open();
      await first.close();
      const connection = raw();
      return {
        open,
        async exec(sql, values = []) {
          const statement = connection.prepare(sql);
          if (statement.reader) return statement.all(...(values as unknown[])) as Row[];
          statement.run(...(values as unknown[]));
          return [];
        },
        async block() {
          const holder = raw();
          holder.exec('BEGIN EXCLUSIVE');
          return async () => {
            holder.exec('ROLLBACK');
            holder.close();
          };
        },
        async close() {
          connection.close();
        },
      };
    },
    async cleanup() {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export function createPostgresBackend(): AuditBackend {
  const schemas = new TestSchemas();
  return {
    name: 'postgres',
    async createLocation() {
      const schema = schemas.create();
      const env = { AUDIT_TEST_PG: TEST_DATABASE_URL };
      const open = (options: { queryTimeoutMs?: number } = {}) =>
        openAuditStore(
          storeSchema.parse({ kind: 'postgres', urlEnv: 'AUDIT_TEST_PG', schema, queryTimeoutMs: options.queryTimeoutMs ?? 5_000 }),
          { dataDir: os.tmpdir(), env },
        );
      const first = await open();
      await first.close();
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
      await client.connect();
      const number = (sql: string): string => {
        let index = 0;
        return sql.replace(/\?/g, () => `$${++index}`);
      };
      return {
        open,
        async exec(sql, values = []) {
          return (await client.query(number(sql), values)).rows as Row[];
        },
        async block() {
          const holder = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
          await holder.connect();
          await holder.query('BEGIN');
          await holder.query('LOCK TABLE audit_chains IN ACCESS EXCLUSIVE MODE');
          return async () => {
            await holder.query('ROLLBACK');
            await holder.end();
          };
        },
        async close() {
          await client.end();
        },
      };
    },
    cleanup: () => schemas.dropAll(),
  };
}

export function createTestSigningKey(): SigningKey {
  return createSigningKey(generateKeyPairSync('ed25519').privateKey, 'test');
}

export interface TestWriterOptions {
  replicaId?: string;
  hostname?: string;
  signingKey?: SigningKey;
  checkpointEveryRecords?: number;
  checkpointEveryMs?: number;
  leaseMs?: number;
  now?: () => number;
}

/** Claims a chain and starts a writer on it, as the gateway does. */
export async function startTestWriter(store: AuditStore, options: TestWriterOptions = {}): Promise<AuditWriter> {
  const claimOptions = {
    leaseMs: options.leaseMs ?? 15_000,
    ...(options.replicaId ? { replicaId: options.replicaId } : {}),
    hostname: options.hostname ?? `test-${randomUUID().slice(0, 8)}`,
  };
  const claim = await claimChain(store.executor, claimOptions);
  return new AuditWriter({
    store,
    claim,
    claimOptions,
    signingKey: options.signingKey ?? createTestSigningKey(),
    maxBatch: 500,
    checkpointEveryRecords: options.checkpointEveryRecords ?? 1_000,
    checkpointEveryMs: options.checkpointEveryMs ?? 3_600_000,
    leaseMs: claimOptions.leaseMs,
    logger: createSilentLogger(),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** The fingerprint `createRefusal`'s finding carries (pass it to `append` so the index matches). */
export const REFUSAL_FINGERPRINT = 'f'.repeat(64);
const FINDINGS = JSON.stringify([{ category: 'secret', type: 'aws_access_key_id', count: 1, fingerprints: [REFUSAL_FINGERPRINT] }]);

/** A decision entry with realistic fields; `overrides` replace any of them. */
export function createDecision(requestId: string, overrides: Partial<EntryFields> = {}): EntryFields {
  return createEntry('decision', requestId, {
    user_name: 'ada',
    team: 'platform',
    key_id: 'key_1',
    surface: 'openai',
    client: 'openai-node/6',
    operation: 'chat',
    stream: false,
    requested_model: 'gpt-4o',
    classification: 'internal',
    effective_classification: 'internal',
    injection: false,
    findings: '[]',
    rule: 'default',
    action: 'allow',
    reasons: '["no rule matched"]',
    redactions: '{}',
    candidates: JSON.stringify([{ model: 'gpt-4o', destination: 'cloud', upstreamModel: 'gpt-4o-2024-08-06' }]),
    capture: false,
    ...overrides,
  });
}

export function createOutcome(requestId: string, overrides: Partial<EntryFields> = {}): EntryFields {
  return createEntry('outcome', requestId, {
    status: 200,
    outcome: 'ok',
    destination: 'cloud',
    upstream_model: 'gpt-4o-2024-08-06',
    attempts: 1,
    input_tokens: 10,
    output_tokens: 5,
    estimated: false,
    cost_micro_usd: 20_000,
    latency_ms: 12,
    interrupted: false,
    ...overrides,
  });
}

/** A request refused before dispatch: one entry with both halves. */
export function createRefusal(requestId: string, overrides: Partial<EntryFields> = {}): EntryFields {
  return createEntry('complete', requestId, {
    ...createDecision(requestId),
    action: 'block',
    rule: 'no-secrets',
    findings: FINDINGS,
    classification: 'restricted',
    effective_classification: 'restricted',
    status: 403,
    outcome: 'POLICY_BLOCKED',
    input_tokens: 0,
    output_tokens: 0,
    estimated: false,
    cost_micro_usd: 0,
    latency_ms: 2,
    interrupted: false,
    ...overrides,
  });
}

function createEntry(kind: EntryKind, requestId: string, fields: Partial<EntryFields>): EntryFields {
  const { time_ms: time, ...rest } = fields;
  return createEntryFields('(set by the writer)', kind, time ?? Date.now(), { ...rest, request_id: requestId });
}

/** Appends a dispatched request: decision (durable), then outcome. */
export async function appendRequest(
  writer: AuditWriter,
  requestId: string = randomUUID(),
  decision: Partial<EntryFields> = {},
  outcome: Partial<EntryFields> = {},
): Promise<string> {
  await writer.append(createDecision(requestId, decision), [], true);
  await writer.append(createOutcome(requestId, outcome), [], false);
  return requestId;
}
