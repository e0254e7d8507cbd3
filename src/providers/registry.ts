import type { DestinationConfig } from '../config/schema.js';
import type { Logger } from '../telemetry/logger.js';
import type { Provider } from './types.js';
import { createAnthropicProvider } from './anthropic/create-anthropic-provider.js';
import { createBedrockProvider } from './bedrock/create-bedrock-provider.js';
import { createEmbeddedProvider } from './embedded-llama/create-embedded-provider.js';
import { createOllamaProvider } from './ollama/create-ollama-provider.js';
import { createOpenAICompatibleProvider } from './openai-compatible/create-openai-compatible-provider.js';

export interface ProviderContext {
  /** Directory of the config file; relative paths in destination configs resolve from here. */
  configDir: string;
  /** Environment to read `apiKeyEnv` variables from. */
  env: Record<string, string | undefined>;
  logger: Logger;
}

type ConfigOf<K extends DestinationConfig['kind']> = Extract<DestinationConfig, { kind: K }>;

export type ProviderFactory<K extends DestinationConfig['kind']> = (id: string, config: ConfigOf<K>, context: ProviderContext) => Provider;

/** The one place destination kinds are registered. */
const factories: { [K in DestinationConfig['kind']]: ProviderFactory<K> } = {
  embedded: createEmbeddedProvider,
  ollama: createOllamaProvider,
  'openai-compatible': createOpenAICompatibleProvider,
  anthropic: createAnthropicProvider,
  bedrock: createBedrockProvider,
};

export function createProvider(id: string, config: DestinationConfig, context: ProviderContext): Provider {
  const factory = factories[config.kind] as ProviderFactory<typeof config.kind>;
  return factory(id, config as never, context);
}
