import type { LoadedConfig } from '../config/load-config.js';
import type { Inspector } from '../inspect/create-inspector.js';
import { createProvider } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';
import type { Logger } from '../telemetry/logger.js';
import { createModelCatalog, type ModelCatalog } from './model-catalog.js';
import { createPolicyEngine, type PolicyEngine } from '../policy/create-policy-engine.js';
import { createPipelineHooks, type PipelineHooks } from './pipeline-hooks.js';

/** The inspection stage as the pipeline sees it. */
export type RequestInspector = Pick<Inspector, 'inspectRequest' | 'inspectText'>;

/** Everything a request needs, built once at start and shared by every request. */
export interface Gateway {
  loaded: LoadedConfig;
  catalog: ModelCatalog;
  policy: PolicyEngine;
  hooks: PipelineHooks;
  providers: ReadonlyMap<string, Provider>;
  inspector: RequestInspector;
  logger: Logger;
  /** Epoch milliseconds when the gateway was created. */
  startedAt: number;
  /** Starts every destination (loads local models); resolves when all have started or failed. */
  start(): Promise<void>;
  /** True when every destination is ready to serve. */
  isReady(): boolean;
  close(): Promise<void>;
}

export interface CreateGatewayOptions {
  loaded: LoadedConfig;
  logger: Logger;
  inspector: RequestInspector;
  env?: Record<string, string | undefined>;
}

export function createGateway(options: CreateGatewayOptions): Gateway {
  const { loaded, logger } = options;
  const providers = new Map<string, Provider>();
  for (const [id, destination] of Object.entries(loaded.config.destinations)) {
    providers.set(id, createProvider(id, destination, { configDir: loaded.configDir, env: options.env ?? process.env, logger }));
  }
  const catalog = createModelCatalog(loaded.config);
  return {
    loaded,
    catalog,
    policy: createPolicyEngine(loaded.config.policy, loaded.config, catalog),
    hooks: createPipelineHooks(),
    providers,
    inspector: options.inspector,
    logger,
    startedAt: Date.now(),
    async start() {
      await Promise.all(
        [...providers.values()].map(async (provider) => {
          try {
            await provider.start?.();
            logger.info({ destination: provider.id, kind: provider.kind, tier: provider.tier }, 'destination ready');
          } catch (error) {
            logger.error({ destination: provider.id, err: error }, 'destination failed to start');
          }
        }),
      );
    },
    isReady: () => [...providers.values()].every((provider) => provider.isReady()),
    async close() {
      await Promise.allSettled([...providers.values()].map((provider) => provider.close()));
    },
  };
}
