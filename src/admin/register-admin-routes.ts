import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessControl } from '../auth/start-access-control.js';
import { registerAuditRoutes, type AuditApi } from '../audit/register-audit-routes.js';
import { AirlockError } from '../errors/airlock-error.js';
import type { Logger } from '../telemetry/logger.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { AdminContext } from './admin-context.js';
import { createAdminAuthenticator } from './authenticate-admin.js';
import { registerKeyRoutes } from './key-routes.js';
import { registerReportRoutes, registerTeamRoutes } from './team-and-report-routes.js';

export interface AdminRoutesOptions {
  access: AccessControl;
  logger: Logger;
  adminKeysEnv: string;
  /** The audit log's routes (`/admin/audit/…`), when the audit log runs. */
  audit?: AuditApi;
  /** `GET /admin/metrics`, when `metrics.enabled`. */
  metrics?: Metrics;
}

/**
 * The admin API under `/admin/`: keys, teams, usage and the admin event log, JSON in and out,
 * errors in OpenAI's error shape. Every route needs an admin credential, checked before the body
 * is read; every change is recorded as an admin event naming the actor.
 */
export function registerAdminRoutes(app: FastifyInstance, options: AdminRoutesOptions): void {
  const actors = new WeakMap<FastifyRequest, string>();
  const authenticate = createAdminAuthenticator({
    adminKeys: options.access.adminKeys,
    adminKeysEnv: options.adminKeysEnv,
    ...(options.access.oidc === undefined ? {} : { oidc: options.access.oidc }),
  });
  const admin: AdminContext = {
    access: options.access,
    logger: options.logger,
    getActor(request) {
      const actor = actors.get(request);
      if (actor === undefined) throw new AirlockError('INTERNAL', 'Admin request without an actor.');
      return actor;
    },
  };
  void app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request) => {
        actors.set(request, await authenticate(request.headers));
      });
      scope.addHook('onResponse', async (request, reply) => {
        const actor = actors.get(request);
        if (actor !== undefined && request.method !== 'GET') {
          options.logger.info(
            { requestId: request.id, actor, method: request.method, route: request.routeOptions.url, status: reply.statusCode },
            'admin action',
          );
        }
      });
      registerKeyRoutes(scope, admin);
      registerTeamRoutes(scope, admin);
      registerReportRoutes(scope, admin);
      if (options.audit) registerAuditRoutes(scope, admin, options.audit);
      const { metrics } = options;
      if (metrics) {
        scope.get('/metrics', async (_request, reply) => {
          const { contentType, body } = await metrics.render();
          return reply.type(contentType).send(body);
        });
      }
    },
    { prefix: '/admin' },
  );
}
