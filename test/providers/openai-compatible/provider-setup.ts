import { openaiCompatibleDestinationSchema, type ConfigInput } from '../../../src/config/schema.js';
import { createOpenAICompatibleProvider } from '../../../src/providers/openai-compatible/create-openai-compatible-provider.js';
import type { Provider } from '../../../src/providers/types.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import type { LoopbackServer } from '../../helpers/loopback-server.js';

/** A realistic-looking key, so a test can search for it in errors and recorded requests. */
export const testApiKey = 'sk-proj-Zq8LmT3vXw92KdPfRb61NcYu4HsAe7Gj';

type DestinationInput = ConfigInput['destinations'][string];

/** Builds the provider exactly as the gateway would: config through the real schema, key from an env. */
export function createTestProvider(server: LoopbackServer, overrides: Partial<Record<string, unknown>> = {}): Provider {
  const input = {
    kind: 'openai-compatible',
    tier: 'enterprise',
    retention: 'zero',
    baseUrl: `${server.url}/v1`,
    apiKeyEnv: 'TEST_OPENAI_KEY',
    timeouts: { connectMs: 1_000, firstByteMs: 2_000, totalMs: 5_000 },
    ...overrides,
  } as DestinationInput;
  const config = openaiCompatibleDestinationSchema.parse(input);
  return createOpenAICompatibleProvider('openai-test', config, {
    configDir: '.',
    env: { TEST_OPENAI_KEY: testApiKey },
    logger: createSilentLogger(),
  });
}
