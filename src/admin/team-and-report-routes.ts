import type { FastifyInstance } from 'fastify';
import { AirlockError } from '../errors/airlock-error.js';
import { validateBody } from '../surfaces/validate.js';
import { buildUsageReport, parseUsageQuery } from '../usage/usage-report.js';
import type { AdminContext } from './admin-context.js';
import { eventQuerySchema, teamBodySchema, teamIdSchema, usageQuerySchema } from './admin-schemas.js';
import { describeTeam } from './describe-records.js';
import { upsertTeam } from './key-operations.js';
import { parsePastInstant } from './parse-time.js';

/** `/admin/teams`: list, show, and create-or-replace a team's limits and budget. */
export function registerTeamRoutes(app: FastifyInstance, admin: AdminContext): void {
  const { store } = admin.access;

  app.get('/teams', async () => ({ data: (await store.teams.list()).map(describeTeam) }));

  app.get('/teams/:id', async (request) => {
    const { id } = request.params as { id: string };
    const record = await store.teams.get(id);
    if (record === null) throw new AirlockError('RESOURCE_NOT_FOUND', `No team ${id.slice(0, 64)}.`, { param: 'id' });
    return describeTeam(record);
  });

  app.put('/teams/:id', async (request) => {
    const id = validateBody(teamIdSchema, (request.params as { id: string }).id);
    const body = validateBody(teamBodySchema, request.body ?? {});
    const record = await upsertTeam(store, id, body, admin.getActor(request));
    // Team limits reach requests through both caches: empty them so this replica applies them now.
    admin.access.teams.clear();
    admin.access.keys.clear();
    return describeTeam(record);
  });
}

/** `/admin/usage` (the same report as `airlock usage`) and `/admin/events` (who changed what). */
export function registerReportRoutes(app: FastifyInstance, admin: AdminContext): void {
  const { store } = admin.access;

  app.get('/usage', async (request) => {
    const query = validateBody(usageQuerySchema, request.query);
    return buildUsageReport(store, parseUsageQuery(query));
  });

  app.get('/events', async (request) => {
    const query = validateBody(eventQuerySchema, request.query);
    const events = await store.adminEvents.list({
      ...(query.since === undefined ? {} : { since: parsePastInstant(query.since, 'since') }),
      ...(query.actor === undefined ? {} : { actor: query.actor }),
      ...(query.action === undefined ? {} : { action: query.action }),
      ...(query.target === undefined ? {} : { target: query.target }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    });
    return { data: events.map((event) => ({ ...event, time: event.time.toISOString() })) };
  });
}
