/**
 * The gateway as the audit tests run it: a loopback OpenAI-compatible upstream that, on every
 * call, looks in the audit log for the decision of the request it is serving (proving the
 * decision was durable before anything left), and helpers to read the log of a running gateway.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { createAuditService, type AuditService } from '../../src/audit/audit-service.js';
import type { AuditStore } from '../../src/audit/store/audit-store.js';
import { openAuditStore } from '../../src/audit/store/open-audit-store.js';
import type { ConfigInput } from '../../src/config/schema.js';
import type { RunningGateway } from '../../src/server/start-gateway.js';
import { createCloudConfig, waitFor } from '../auth/gateway-fixtures.js';
import { createChatChunks, createChatCompletion, formatOpenAIStream } from '../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';

/** A key the AWS detector recognises (base32 body, not AWS's documented EXAMPLE placeholder). */
export const LEAKED_AWS_KEY = 'AKIAZ5J2X7Q4R3T6W3YB';
export const CAPTURE_KEY = randomBytes(32).toString('hex');
export const ADMIN_KEY = 'audit-admin-secret-0123456789';

export interface AuditedUpstream extends LoopbackServer {
  /** For each call: how many decisions without an outcome were on disk when it arrived. */
  openDecisionsSeen: number[];
}

/**
 * Answers like OpenAI; a message containing `FAIL` gets a 500, one containing `HANG` a stream
 * that never ends. Before answering it counts, on its own connection to the database file, the
 * decisions that have no outcome yet.
 */
export async function startAuditedUpstream(databaseFile: () => string): Promise<AuditedUpstream> {
  const openDecisionsSeen: number[] = [];
  const server = await startLoopbackServer((request, response) => {
    const reader = new Database(databaseFile(), { readonly: true });
    try {
      const row = reader
        .prepare(
          "SELECT COUNT(*) AS open FROM audit_entries d WHERE d.kind = 'decision' AND NOT EXISTS (SELECT 1 FROM audit_entries o WHERE o.kind = 'outcome' AND o.request_id = d.request_id)",
        )
        .get() as { open: number };
      openDecisionsSeen.push(row.open);
    } finally {
      reader.close();
    }
    const body = request.body as { stream?: boolean; messages?: { content?: string }[] };
    const text = JSON.stringify(body.messages ?? []);
    if (text.includes('FAIL'))
      return sendJson(response, 500, { error: { message: 'boom', type: 'server_error', code: null, param: null } });
    if (body.stream) {
      startEventStream(response);
      const chunks = createChatChunks({ textPieces: ['Hello', ' there'], usage: { promptTokens: 10, completionTokens: 5 } });
      if (text.includes('HANG')) return void response.write(formatOpenAIStream(chunks.slice(0, 2), false));
      return void response.end(formatOpenAIStream(chunks));
    }
    sendJson(response, 200, createChatCompletion({ textPieces: ['Hello there'], usage: { promptTokens: 10, completionTokens: 5 } }));
  });
  return Object.assign(server, { openDecisionsSeen });
}

/** One enterprise destination, priced; a rule blocking AWS keys; a rule capturing the `legal/` repositories. */
export function createAuditedConfig(
  upstreamUrl: string,
  extra: Partial<ConfigInput> = {},
): Omit<ConfigInput, 'server'> & { server?: ConfigInput['server'] } {
  return createCloudConfig(upstreamUrl, {
    // Anonymous requests on loopback even though admin keys are configured (the admin API tests need one).
    auth: { anonymous: true },
    policy: {
      rules: [
        { name: 'no-aws-keys', when: { types: ['aws_access_key_id'] }, action: 'block', message: 'AWS keys may not leave.' },
        { name: 'capture-legal', when: { repositories: ['legal/**'] }, action: 'allow', capture: true },
      ],
    },
    ...extra,
  });
}

export const AUDITED_ENV = { CLOUD_KEY: 'sk-upstream', AIRLOCK_AUDIT_CAPTURE_KEY: CAPTURE_KEY, AIRLOCK_ADMIN_KEYS: `ops:${ADMIN_KEY}` };

export function databaseFileOf(gateway: RunningGateway): string {
  return path.join(gateway.gateway.loaded.dataDir, 'airlock.db');
}

/** The audit log of a running gateway, read as the CLI reads it. */
export async function openGatewayAudit(
  gateway: RunningGateway,
  env: Record<string, string>,
): Promise<{ store: AuditStore; service: AuditService }> {
  const loaded = gateway.gateway.loaded;
  const store = await openAuditStore(loaded.config.store, { dataDir: loaded.dataDir, configDir: loaded.configDir, env });
  return { store, service: createAuditService(store, loaded, env) };
}

/** Waits until every one of these requests has a finished record, then returns them by id. */
export async function readFinishedRecords(service: AuditService, requestIds: readonly string[]): Promise<Map<string, AuditRecord[]>> {
  const byId = new Map<string, AuditRecord[]>();
  await waitFor(async () => {
    byId.clear();
    for (const record of await service.query({ limit: 10_000 }))
      byId.set(record.requestId, [...(byId.get(record.requestId) ?? []), record]);
    return requestIds.every((id) => byId.get(id)?.every((record) => record.outcome !== null));
  }, 5_000);
  return byId;
}
