import { mkdirSync } from 'node:fs';
import { createRequestLogger } from '../telemetry/log-request.js';
import { createMetrics } from '../telemetry/metrics.js';
import type { FastifyInstance } from 'fastify';
import { registerAdminRoutes } from '../admin/register-admin-routes.js';
import { attachAudit } from '../audit/attach-audit.js';
import { startAccessControl, type AccessControl } from '../auth/start-access-control.js';
import { loadFingerprintKey } from '../config/load-fingerprint-key.js';
import type { LoadedConfig } from '../config/load-config.js';
import { createInspector } from '../inspect/create-inspector.js';
import { createGateway, type Gateway } from '../pipeline/gateway.js';
import type { Logger } from '../telemetry/logger.js';
import { createServer } from './create-server.js';
import { startOllamaListener, type OllamaListener } from './create-ollama-server.js';

export interface StartGatewayOptions {
  loaded: LoadedConfig;
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Wait for destinations (local models) before resolving; serve does not, tests usually do. */
  waitUntilReady?: boolean;
}

export interface RunningGateway {
  app: FastifyInstance;
  gateway: Gateway;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** Base URL of the Ollama-compatible listener, when it runs (see `server.ollama`). */
  ollamaUrl?: string;
  /** The Ollama-compatible listener's app, when it runs. */
  ollamaApp?: FastifyInstance;
  /** The store, limiter and caches behind authentication, limits, usage and the admin API. */
  access: AccessControl;
  /** Stops accepting, drains in-flight requests (up to the grace period), then closes destinations. */
  close(): Promise<void>;
}

/** Builds everything from a loaded config and listens. Used by `airlock serve` and by tests. */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { loaded, logger } = options;
  const env = options.env ?? process.env;
  for (const warning of loaded.warnings) logger.warn(warning);
  mkdirSync(loaded.dataDir, { recursive: true, mode: 0o700 });
  const inspector = createInspector({ config: loaded.config.inspect, fingerprintKey: loadFingerprintKey(loaded.dataDir, env) });
  const gateway = createGateway({ loaded, logger, inspector, env });
  gateway.hooks.afterResponse.push(createRequestLogger(logger));
  const access = await startAccessControl({ loaded, gateway, logger, env }).catch(async (error: unknown) => {
    await gateway.close();
    throw error;
  });
  // Last of the stages: the decision is recorded after limits, right before dispatch.
  const audit = await attachAudit({ loaded, gateway, logger, env }).catch(async (error: unknown) => {
    await Promise.allSettled([access.close(), gateway.close()]);
    throw error;
  });
  // Last observer, so it sees the usage the usage stage settled.
  const metrics = loaded.config.metrics.enabled ? createMetrics() : undefined;
  if (metrics) gateway.hooks.afterResponse.push(metrics.record);
  const app = createServer({ gateway });
  registerAdminRoutes(app, {
    access,
    logger,
    adminKeysEnv: loaded.config.auth.adminKeysEnv,
    ...(audit ? { audit: audit.api } : {}),
    ...(metrics ? { metrics } : {}),
  });
  const { host, port } = loaded.config.server;
  await app.listen({ host, port }).catch(async (error: unknown) => {
    await Promise.allSettled([access.close(), gateway.close(), audit?.close()]);
    throw error;
  });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  const ollama = await startOllama(app, gateway, logger).catch(async (error: unknown) => {
    await Promise.allSettled([access.close(), audit?.close()]);
    throw error;
  });
  const apps = ollama ? [app, ollama.app] : [app];
  const started = gateway.start();
  if (options.waitUntilReady) await started;
  let closing: Promise<void> | undefined;
  return {
    app,
    gateway,
    url,
    ...(ollama ? { ollamaUrl: ollama.url, ollamaApp: ollama.app } : {}),
    access,
    close: () =>
      (closing ??= drainAndClose(apps, gateway, loaded.config.server.shutdownGraceMs, started).finally(async () => {
        // After the drain: every request's outcome is queued, so the audit log flushes, seals and closes.
        await Promise.allSettled([access.close(), audit?.close()]);
      })),
  };
}

/** The second listener, unless `server.ollama` is false; if it cannot start, the main one is closed too. */
async function startOllama(app: FastifyInstance, gateway: Gateway, logger: Logger): Promise<OllamaListener | undefined> {
  const settings = gateway.loaded.config.server.ollama;
  if (settings === false) return undefined;
  try {
    return await startOllamaListener(gateway, settings, logger);
  } catch (error) {
    await app.close();
    await gateway.close();
    throw error;
  }
}

async function drainAndClose(apps: FastifyInstance[], gateway: Gateway, graceMs: number, started: Promise<void>): Promise<void> {
  const timer = setTimeout(() => {
    for (const app of apps) app.server.closeAllConnections();
  }, graceMs);
  timer.unref();
  // Keep-alive connections become idle as their last response goes out; close them as they do,
  // so the drain ends when the in-flight requests do, not when the grace period runs out.
  const sweeper = setInterval(() => {
    for (const app of apps) app.server.closeIdleConnections();
  }, 50);
  sweeper.unref();
  try {
    await Promise.all(apps.map((app) => app.close()));
  } finally {
    clearTimeout(timer);
    clearInterval(sweeper);
    await started.catch(() => undefined);
    await gateway.close();
  }
}
