import type { LoadedConfig } from '../config/load-config.js';
import { createKeyAuthenticator, type KeyAuthenticator } from '../identity/key-authenticator.js';
import { createPricing } from '../identity/pricing.js';
import { createLimiter } from '../limits/create-limiter.js';
import { reconcileSpendFromStore } from '../limits/reconcile-spend.js';
import type { Limiter } from '../limits/types.js';
import type { Gateway } from '../pipeline/gateway.js';
import { createStore } from '../store/create-store.js';
import type { Store } from '../store/types.js';
import type { Logger } from '../telemetry/logger.js';
import { Admissions } from '../usage/admissions.js';
import { createLimitsHook } from '../usage/enforce-limits.js';
import { createUsageHook } from '../usage/record-usage.js';
import { createUsageWriter, type UsageWriter } from '../usage/usage-writer.js';
import { parseAdminKeys, type AdminKeys } from './admin-keys.js';
import { createAuthenticationHook } from './create-authentication.js';
import type { OidcConfig } from './auth-schema.js';
import { createOidcVerifier, type OidcVerifier } from './oidc-verifier.js';
import { resolveAccessMode, type AccessMode } from './resolve-access-mode.js';
import { createTeamCache, type TeamCache } from './team-cache.js';

/** Spend counters are raised to the usage table's totals this often (and at start). */
export const RECONCILE_INTERVAL_MS = 5 * 60_000;

/** Identity, limits and usage, as the gateway and its admin API use them. */
export interface AccessControl {
  store: Store;
  limiter: Limiter;
  keys: KeyAuthenticator;
  teams: TeamCache;
  adminKeys: AdminKeys;
  /** The SSO token verifier, when auth.oidc is configured. */
  oidc?: { verifier: OidcVerifier; config: OidcConfig };
  mode: AccessMode;
  /** The usage rows' group commit; `flush()` writes what is queued. */
  usage: UsageWriter;
  /** Stops reconciliation, writes queued usage, closes the limiter and the store (after the drain). */
  close(): Promise<void>;
}

export interface StartAccessControlOptions {
  loaded: LoadedConfig;
  gateway: Gateway;
  logger: Logger;
  env: Record<string, string | undefined>;
  /** Default RECONCILE_INTERVAL_MS; tests shorten it. */
  reconcileIntervalMs?: number;
}

/**
 * Opens the store (migrating it) and the limiter from the config, decides whether anonymous
 * requests are allowed (refusing to start when that would be unsafe), and registers the three
 * stages on the gateway's hooks: authentication (onRequest), limits and budgets (beforeDispatch),
 * usage and spend (afterResponse). Spend counters are reconciled from the store at start and then
 * periodically, so budgets survive restarts of the process or of Redis.
 */
export async function startAccessControl(options: StartAccessControlOptions): Promise<AccessControl> {
  const { loaded, gateway, logger, env } = options;
  const { config } = loaded;
  const adminKeys = parseAdminKeys(env[config.auth.adminKeysEnv], config.auth.adminKeysEnv);
  const store = createStore(config.store, { dataDir: loaded.dataDir, configDir: loaded.configDir, env, logger });
  let limiter: Limiter | undefined;
  try {
    await store.migrate();
    const mode = await resolveAccessMode({ config, adminKeyCount: adminKeys.count, store, source: loaded.source });
    limiter = createLimiter(config.limits, { env, logger });
    const { keys, teams, oidc } = createIdentity(config, store, logger);
    const usage = createUsageWriter({ store: store.usage, logger });
    registerStages({ gateway, usage, limiter, keys, teams, oidc, mode, logger });
    logAccessMode(logger, mode, loaded);
    const stopReconciling = await startReconciling(store, limiter, logger, options.reconcileIntervalMs ?? RECONCILE_INTERVAL_MS);
    const opened = limiter;
    return {
      store,
      limiter,
      keys,
      teams,
      adminKeys,
      ...(oidc === undefined ? {} : { oidc }),
      mode,
      usage,
      async close() {
        await stopReconciling();
        await usage.close();
        await Promise.allSettled([opened.close(), store.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([limiter?.close(), store.close()]);
    throw error;
  }
}

/** The key cache, the team cache and the SSO verifier, as configured. */
function createIdentity(config: LoadedConfig['config'], store: Store, logger: Logger): Pick<AccessControl, 'keys' | 'teams' | 'oidc'> {
  const keys = createKeyAuthenticator({
    store,
    cacheTtlMs: config.auth.keyCacheTtlMs,
    maxEntries: config.auth.keyCacheMaxEntries,
    failMode: config.store.failMode,
    logger,
  });
  const teams = createTeamCache(store, config.auth.keyCacheTtlMs, config.auth.keyCacheMaxEntries);
  const oidcConfig = config.auth.oidc;
  if (oidcConfig === undefined) return { keys, teams };
  return { keys, teams, oidc: { verifier: createOidcVerifier(oidcConfig, { logger }), config: oidcConfig } };
}

interface Stages {
  gateway: Gateway;
  usage: UsageWriter;
  limiter: Limiter;
  keys: KeyAuthenticator;
  teams: TeamCache;
  oidc: AccessControl['oidc'];
  mode: AccessMode;
  logger: Logger;
}

function registerStages(stages: Stages): void {
  const { gateway, limiter, logger } = stages;
  const admissions = new Admissions();
  gateway.hooks.onRequest.push(
    createAuthenticationHook({
      anonymous: stages.mode.anonymous,
      keys: stages.keys,
      teams: stages.teams,
      storeFailMode: gateway.loaded.config.store.failMode,
      logger,
      ...(stages.oidc === undefined ? {} : { oidc: stages.oidc }),
    }),
  );
  gateway.hooks.beforeDispatch.push(createLimitsHook(limiter, admissions, logger));
  gateway.hooks.afterResponse.push(
    createUsageHook({
      writer: stages.usage,
      limiter,
      pricing: createPricing(gateway.loaded.config.pricing),
      admissions,
      logger,
      isLocal: (destination) => gateway.providers.get(destination)?.tier === 'local',
    }),
  );
}

function logAccessMode(logger: Logger, mode: AccessMode, loaded: LoadedConfig): void {
  const { config } = loaded;
  const details = {
    anonymous: mode.anonymous,
    reason: mode.reason,
    store: config.store.kind,
    limits: config.limits.kind,
    sso: config.auth.oidc !== undefined,
  };
  if (mode.anonymous && !mode.loopbackOnly) {
    logger.warn(
      details,
      'anonymous requests are allowed on a non-loopback address (auth.anonymous: true): anyone who can reach it can use it',
    );
  } else {
    logger.info(details, mode.anonymous ? 'anonymous requests allowed' : 'credentials required');
  }
}

/** Reconciles now (awaited, so budgets hold from the first request) and then every intervalMs. */
async function startReconciling(store: Store, limiter: Limiter, logger: Logger, intervalMs: number): Promise<() => Promise<void>> {
  let running: Promise<void> | undefined;
  const reconcile = (): Promise<void> =>
    (running ??= reconcileSpendFromStore(store, limiter)
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, 'could not reconcile spend counters from the usage table; retrying later'),
      )
      .finally(() => {
        running = undefined;
      }));
  await reconcile();
  const timer = setInterval(() => void reconcile(), intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
