import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AdminContext } from '../admin/admin-context.js';
import { AirlockError } from '../errors/airlock-error.js';
import { validateBody } from '../surfaces/validate.js';
import type { AuditService } from './audit-service.js';
import type { Auditor } from './create-auditor.js';
import { parsePeriod, parseRecordFilter, type RecordFilterInput } from './parse-period.js';

/** What the audit routes need: the operations, and (in the gateway) the running auditor for its status. */
export interface AuditApi {
  service: AuditService;
  auditor?: Auditor;
  /** `audit.retentionDays`: the purge age when the body names none. */
  retentionDays?: number;
}

const text = z.string().max(200).optional();
const filterSchema = z
  .object({
    since: text,
    until: text,
    month: text,
    user: text,
    team: text,
    destination: text,
    classification: text,
    action: text,
    outcome: text,
    request: text,
    limit: text,
    content: text,
  })
  .strict();
const lookupSchema = z.object({ value: z.string().min(1).max(1_000_000) }).strict();
const purgeSchema = z.object({ olderThanDays: z.number().int().min(1).optional(), dryRun: z.boolean().default(false) }).strict();
const verifySchema = z.object({ publicKey: z.union([z.string(), z.array(z.string())]).optional() }).strict();

/**
 * `/admin/audit/…`, inside the admin scope (admin credential required, checked before the body
 * is read): the same operations as `airlock audit`. A leaked value for lookup travels in a POST
 * body, never in the URL, where proxies and access logs would keep it. Lookups and purges are
 * recorded as admin events (who searched, who deleted), without the value.
 */
export function registerAuditRoutes(app: FastifyInstance, admin: AdminContext, api: AuditApi): void {
  const { service } = api;
  const events = admin.access.store.adminEvents;

  app.get('/audit/records', async (request) => {
    const query = validateBody(filterSchema, request.query) as RecordFilterInput & { content?: string };
    return { data: await service.query(parseRecordFilter(query), { content: query.content === 'true' }) };
  });

  app.get('/audit/report', async (request) => {
    const query = validateBody(filterSchema, request.query);
    const period = parsePeriod(query, 30);
    return service.report({ since: period.since ?? new Date(0), until: period.until ?? new Date() });
  });

  app.post('/audit/lookup', async (request) => {
    const body = validateBody(lookupSchema, request.body ?? {});
    const result = await service.lookup(body.value);
    await events.record({
      actor: admin.getActor(request),
      action: 'audit.lookup',
      detail: { fingerprints: result.fingerprints, matches: result.records.length },
    });
    return { fingerprints: result.fingerprints, data: result.records };
  });

  app.get('/audit/verify', async (request) => {
    const query = validateBody(verifySchema, request.query);
    const keys = query.publicKey === undefined ? [] : Array.isArray(query.publicKey) ? query.publicKey : [query.publicKey];
    return service.verify(keys);
  });

  app.get('/audit/export', async (request, reply) => {
    const filter = parseRecordFilter(validateBody(filterSchema, request.query));
    const lines = (async function* () {
      for await (const record of service.export(filter)) yield `${JSON.stringify(record)}\n`;
    })();
    return reply.type('application/x-ndjson').send(Readable.from(lines));
  });

  app.post('/audit/purge', async (request) => {
    const body = validateBody(purgeSchema, request.body ?? {});
    const days = body.olderThanDays ?? api.retentionDays;
    if (days === undefined)
      throw new AirlockError('INVALID_REQUEST', 'olderThanDays is required (or set audit.retentionDays).', { param: 'olderThanDays' });
    const chains = await service.purge(days, body.dryRun);
    if (!body.dryRun) {
      await events.record({
        actor: admin.getActor(request),
        action: 'audit.purge',
        detail: { olderThanDays: days, removed: chains.reduce((sum, chain) => sum + chain.removed, 0) },
      });
    }
    return { dryRun: body.dryRun, data: chains };
  });

  app.get('/audit/status', async () => {
    const auditor = api.auditor;
    if (!auditor) throw new AirlockError('RESOURCE_NOT_FOUND', 'The audit log is not running in this process.');
    return {
      replica: auditor.replica,
      signer: { id: auditor.signingKey.id, publicKey: auditor.signingKey.publicPem },
      forwarders: auditor.forwarders.statuses(),
    };
  });
}
