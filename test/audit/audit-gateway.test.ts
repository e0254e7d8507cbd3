/**
 * The audit log in the running gateway (SQLite, in-process, real HTTP): one record per request
 * whatever happened to it, the decision on disk before the destination sees anything, fail
 * closed when the log cannot be written, and captured content encrypted at rest.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditService } from '../../src/audit/audit-service.js';
import type { AuditStore } from '../../src/audit/store/audit-store.js';
import { bearer, CHAT_BODY, issueKey, postChat } from '../auth/gateway-fixtures.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import {
  ADMIN_KEY,
  AUDITED_ENV,
  createAuditedConfig,
  databaseFileOf,
  LEAKED_AWS_KEY,
  openGatewayAudit,
  readFinishedRecords,
  startAuditedUpstream,
  type AuditedUpstream,
} from './audit-gateway-fixtures.js';

let upstream: AuditedUpstream;
let gateway: TestGateway;
let audit: { store: AuditStore; service: AuditService };

beforeAll(async () => {
  upstream = await startAuditedUpstream(() => databaseFileOf(gateway));
  gateway = await startTestGateway(createAuditedConfig(upstream.url, { store: { kind: 'sqlite', busyTimeoutMs: 200 } }), AUDITED_ENV);
  audit = await openGatewayAudit(gateway, AUDITED_ENV);
});

afterAll(async () => {
  await audit?.store.close();
  await gateway?.close();
  await upstream?.close();
});

const chat = (content: string, extra: Record<string, unknown> = {}) => ({ ...CHAT_BODY, messages: [{ role: 'user', content }], ...extra });
const idOf = (headers: Headers): string => headers.get('x-airlock-request-id') ?? '';

async function abortMidStream(): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(chat('HANG please', { stream: true })),
    signal: controller.signal,
  });
  const reader = response.body?.getReader();
  await reader?.read();
  controller.abort();
  return idOf(response.headers);
}

describe('audit log in the gateway', () => {
  it('gives every request exactly one record, whatever happened to it, with the decision on disk before dispatch', async () => {
    const key = await issueKey(gateway, { user: 'ratey', team: 'data', limits: { rpm: 1 } });
    const sent: [string, string][] = [];
    const send = async (label: string, body: unknown, headers: Record<string, string> = {}, path?: string) => {
      const response = await postChat(gateway.url, headers, body, path);
      sent.push([label, idOf(response.headers)]);
      return response;
    };
    expect((await send('allowed', chat('Say hello'))).status).toBe(200);
    expect((await send('streamed', chat('Say hello', { stream: true }))).status).toBe(200);
    expect((await send('blocked', chat(`deploy with ${LEAKED_AWS_KEY} please`))).status).toBe(403);
    expect((await send('invalid', '{"model": "gpt-4o", "messages": [')).status).toBe(400);
    expect((await send('unknown model', { ...chat('hi'), model: 'nope' })).status).toBe(404);
    expect((await send('upstream failed', chat('please FAIL'))).status).toBeGreaterThanOrEqual(500);
    expect((await send('first of key', chat('hi'), bearer(key))).status).toBe(200);
    expect((await send('rate limited', chat('hi'), bearer(key))).status).toBe(429);
    sent.push(['client left', await abortMidStream()]);

    const records = await readFinishedRecords(
      audit.service,
      sent.map(([, id]) => id),
    );
    const outcomes = Object.fromEntries(
      sent.map(([label, id]) => [label, records.get(id)?.map((record) => [record.policy.action, record.outcome])]),
    );
    expect(outcomes).toEqual({
      allowed: [['allow', 'ok']],
      streamed: [['allow', 'ok']],
      blocked: [['block', 'POLICY_BLOCKED']],
      invalid: [[null, 'INVALID_JSON']],
      'unknown model': [[null, 'MODEL_NOT_FOUND']],
      'upstream failed': [['allow', expect.stringMatching(/^UPSTREAM_/)]],
      'first of key': [['allow', 'ok']],
      'rate limited': [['allow', 'RATE_LIMITED']],
      'client left': [['allow', 'CLIENT_DISCONNECTED']],
    });
    // Each of the five calls that reached the upstream found exactly its own decision already on disk.
    expect(upstream.openDecisionsSeen).toEqual([1, 1, 1, 1, 1]);
    const blocked = records.get(sent[2]?.[1] ?? '')?.[0];
    expect(blocked).toMatchObject({
      destination: null,
      classification: 'restricted',
      findings: [{ category: 'secret', type: 'aws_access_key_id', count: 1 }],
    });
    const allowed = records.get(sent[0]?.[1] ?? '')?.[0];
    expect(allowed).toMatchObject({
      destination: 'cloud',
      upstreamModel: 'gpt-4o-2024-08-06',
      tokens: { input: 10, output: 5, estimated: false },
      costMicroUsd: 20_000,
    });
    expect(records.get(sent[6]?.[1] ?? '')?.[0]?.principal).toMatchObject({ user: 'ratey', team: 'data' });
    expect(records.get(sent[8]?.[1] ?? '')?.[0]).toMatchObject({ interrupted: true, outcome: 'CLIENT_DISCONNECTED' });
    expect((await audit.service.verify()).problems).toEqual([]);
    // The log holds fingerprints of the key, never the key.
    const file = new Database(databaseFileOf(gateway), { readonly: true });
    const rows = file.prepare('SELECT * FROM audit_entries').all();
    file.close();
    expect(JSON.stringify(rows)).not.toContain(LEAKED_AWS_KEY);
    expect((await audit.service.lookup(`${LEAKED_AWS_KEY}\n`)).records.map((record) => record.requestId)).toEqual([sent[2]?.[1]]);
  });

  it('refuses with AUDIT_UNAVAILABLE, sending nothing, while the log cannot be written; the refusal is recorded once it can', async () => {
    const calls = upstream.requests.length;
    const holder = new Database(databaseFileOf(gateway));
    holder.exec('BEGIN EXCLUSIVE');
    let refused;
    try {
      refused = await postChat(gateway.url, {}, chat('Say hello'));
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: 'AUDIT_UNAVAILABLE' } });
    expect(upstream.requests.length).toBe(calls);
    expect((await postChat(gateway.url, {}, chat('Say hello'))).status).toBe(200);
    const records = await readFinishedRecords(audit.service, [idOf(refused.headers)]);
    expect(records.get(idOf(refused.headers))?.map((record) => record.outcome)).toEqual(['AUDIT_UNAVAILABLE']);
  });

  it('keeps content only where a rule captures it, encrypted at rest, readable with the key', async () => {
    const secretClause = 'Summarise clause 7 of the Acme Holdings merger agreement';
    const plain = await postChat(gateway.url, {}, chat('An ordinary question'));
    const captured = await postChat(gateway.url, { 'x-airlock-repository': 'legal/contracts' }, chat(secretClause));
    const streamed = await postChat(gateway.url, { 'x-airlock-repository': 'legal/contracts' }, chat(secretClause, { stream: true }));
    const ids = [plain, captured, streamed].map((response) => idOf(response.headers));
    await readFinishedRecords(audit.service, ids);
    const file = new Database(databaseFileOf(gateway), { readonly: true });
    const stored = file.prepare('SELECT request_id, kind, content FROM audit_entries WHERE request_id IN (?, ?, ?)').all(...ids) as {
      request_id: string;
      content: string | null;
    }[];
    file.close();
    expect(JSON.stringify(stored)).not.toContain('clause 7');
    expect(JSON.stringify(stored)).not.toContain('Hello there');
    expect(stored.filter((row) => row.request_id === ids[0]).map((row) => row.content)).toEqual([null, null]);
    expect(stored.filter((row) => row.content !== null).every((row) => row.content?.startsWith('v1:'))).toBe(true);
    const revealed = await audit.service.query({ requestId: ids[1] as string }, { content: true });
    expect(revealed[0]?.content).toEqual({ prompt: [secretClause], completion: 'Hello there' });
    const revealedStream = await audit.service.query({ requestId: ids[2] as string }, { content: true });
    expect(revealedStream[0]?.content).toEqual({ prompt: [secretClause], completion: 'Hello there' });
    const withoutKey = await openGatewayAudit(gateway, { ...AUDITED_ENV, AIRLOCK_AUDIT_CAPTURE_KEY: '' });
    try {
      expect((await withoutKey.service.query({ requestId: ids[1] as string }, { content: true }))[0]?.content).toEqual({
        prompt: '(encrypted; set AIRLOCK_AUDIT_CAPTURE_KEY to read it)',
      });
    } finally {
      await withoutKey.store.close();
    }
  });

  it('serves its status and records on the admin API, to admins only', async () => {
    const status = await fetch(`${gateway.url}/admin/audit/status`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const body = (await status.json()) as { replica: string; signer: { id: string; publicKey: string }; forwarders: unknown[] };
    expect(body.replica).toMatch(/\S/);
    expect(body.signer.publicKey).toContain('BEGIN PUBLIC KEY');
    expect(body.signer.id).toMatch(/^[0-9a-f]{16}$/);
    expect(body.forwarders).toEqual([]);
    const records = await fetch(`${gateway.url}/admin/audit/records?action=block&limit=5`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(
      ((await records.json()) as { data: { policy: { action: string } }[] }).data.every((record) => record.policy.action === 'block'),
    ).toBe(true);
    expect((await fetch(`${gateway.url}/admin/audit/status`)).status).toBe(401);
    expect(
      (await fetch(`${gateway.url}/admin/audit/records`, { headers: { authorization: 'Bearer not-an-admin-key-at-all-0000' } })).status,
    ).toBe(401);
  });

  it('refuses to start when a rule captures content but no capture key is set', async () => {
    const failure = await startTestGateway(createAuditedConfig(upstream.url), { ...AUDITED_ENV, AIRLOCK_AUDIT_CAPTURE_KEY: '' }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toContain('AIRLOCK_AUDIT_CAPTURE_KEY');
  });

  it('records every outcome before shutdown completes and seals the chain with a signed checkpoint', async () => {
    const own = await startTestGateway(createAuditedConfig(upstream.url), AUDITED_ENV);
    const ownAudit = await openGatewayAudit(own, AUDITED_ENV);
    try {
      const publicKey = readFileSync(path.join(own.dataDir, 'audit-signing.pub'), 'utf8');
      const ids: string[] = [];
      for (let index = 0; index < 5; index += 1) ids.push(idOf((await postChat(own.url, {}, chat('Say hello'))).headers));
      await own.close();
      const records = await ownAudit.service.query({});
      expect(records.map((record) => [record.requestId, record.outcome])).toEqual(ids.map((id) => [id, 'ok']));
      const report = await ownAudit.service.verify([publicKey]);
      expect(report.problems).toEqual([]);
      expect(report.chains).toEqual([expect.objectContaining({ entries: 11, checkpoints: 1, lastCheckpointSeq: 11, unsealed: 0 })]);
    } finally {
      await ownAudit.store.close();
    }
  });
});
