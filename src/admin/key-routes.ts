import type { FastifyInstance } from 'fastify';
import { AirlockError } from '../errors/airlock-error.js';
import { issueApiKey, revokeApiKey, rotateApiKey } from '../identity/key-lifecycle.js';
import { validateBody } from '../surfaces/validate.js';
import type { AdminContext } from './admin-context.js';
import { createKeyBodySchema, keyListQuerySchema, updateKeyBodySchema } from './admin-schemas.js';
import { describeKey } from './describe-records.js';
import { buildIssueInput, updateKey } from './key-operations.js';

function keyNotFound(id: string): AirlockError {
  return new AirlockError('RESOURCE_NOT_FOUND', `No key ${id.slice(0, 64)}.`, { param: 'id' });
}

/**
 * `/admin/keys`: create (the secret is in this one response, never again), list, show, update
 * limits/budget/expiry, revoke, rotate. A revocation or rotation also empties this replica's key
 * cache, so it takes effect here at once and on other replicas within `auth.keyCacheTtlMs`.
 */
export function registerKeyRoutes(app: FastifyInstance, admin: AdminContext): void {
  const { store } = admin.access;

  app.post('/keys', async (request, reply) => {
    const body = validateBody(createKeyBodySchema, request.body ?? {});
    const issued = await issueApiKey(store, buildIssueInput(body), admin.getActor(request));
    return reply.code(201).send({ key: issued.key, record: describeKey(issued.record) });
  });

  app.get('/keys', async (request) => {
    const query = validateBody(keyListQuerySchema, request.query);
    const records = await store.keys.list({
      ...(query.user === undefined ? {} : { user: query.user }),
      ...(query.team === undefined ? {} : { team: query.team }),
      ...(query.active === 'true' ? { activeOnly: true } : {}),
    });
    const now = new Date();
    return { data: records.map((record) => describeKey(record, now)) };
  });

  app.get('/keys/:id', async (request) => {
    const { id } = request.params as { id: string };
    const record = await store.keys.get(id);
    if (record === null) throw keyNotFound(id);
    return describeKey(record);
  });

  app.patch('/keys/:id', async (request) => {
    const { id } = request.params as { id: string };
    const body = validateBody(updateKeyBodySchema, request.body ?? {});
    const record = await updateKey(store, id, body, admin.getActor(request));
    if (record === null) throw keyNotFound(id);
    admin.access.keys.clear();
    return describeKey(record);
  });

  app.post('/keys/:id/revoke', async (request) => {
    const { id } = request.params as { id: string };
    const record = await revokeApiKey(store, id, admin.getActor(request));
    if (record === null) throw keyNotFound(id);
    admin.access.keys.clear();
    return describeKey(record);
  });

  app.post('/keys/:id/rotate', async (request) => {
    const { id } = request.params as { id: string };
    const rotated = await rotateApiKey(store, id, admin.getActor(request));
    if (rotated === null) throw new AirlockError('RESOURCE_NOT_FOUND', `No active key ${id.slice(0, 64)} to rotate.`, { param: 'id' });
    admin.access.keys.clear();
    return { key: rotated.key, record: describeKey(rotated.record) };
  });
}
