import type { LoadedConfig } from '../config/load-config.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { Logger } from '../telemetry/logger.js';
import { createAuditService } from './audit-service.js';
import { startAuditor, type Auditor } from './create-auditor.js';
import type { AuditApi } from './register-audit-routes.js';

export interface AttachedAudit {
  auditor: Auditor;
  /** What the admin API's audit routes use. */
  api: AuditApi;
  close(): Promise<void>;
}

/**
 * Starts the audit log and registers its stages on the gateway's hooks. Call after every other
 * stage is registered: the decision is recorded last before dispatch, after limits, so a request
 * the limits refuse is recorded once, as refused, not as dispatched. Returns undefined (after a
 * warning) when `audit.enabled` is false.
 */
export async function attachAudit(options: {
  loaded: LoadedConfig;
  gateway: Gateway;
  logger: Logger;
  env: Record<string, string | undefined>;
}): Promise<AttachedAudit | undefined> {
  const { loaded, gateway, logger, env } = options;
  if (!loaded.config.audit.enabled) {
    logger.warn('audit.enabled is false: requests are not recorded, and there will be no evidence of what went where');
    return undefined;
  }
  const auditor = await startAuditor({ loaded, logger, env });
  gateway.hooks.beforeDispatch.push((context) => auditor.beforeDispatch(context));
  gateway.hooks.beforeReply.push((context, status) => auditor.beforeReply(context, status));
  gateway.hooks.afterResponse.push((context, outcome) => auditor.afterResponse(context, outcome));
  return {
    auditor,
    api: {
      service: createAuditService(auditor.store, loaded, env),
      auditor,
      ...(loaded.config.audit.retentionDays === undefined ? {} : { retentionDays: loaded.config.audit.retentionDays }),
    },
    close: () => auditor.close(),
  };
}
