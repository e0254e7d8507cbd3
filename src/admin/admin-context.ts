import type { FastifyRequest } from 'fastify';
import type { AccessControl } from '../auth/start-access-control.js';
import type { Logger } from '../telemetry/logger.js';

/** What the admin routes share: the access control (store, caches) and who is calling. */
export interface AdminContext {
  access: AccessControl;
  logger: Logger;
  /** The authenticated actor of an admin request (set by the admin onRequest hook). */
  getActor(request: FastifyRequest): string;
}
