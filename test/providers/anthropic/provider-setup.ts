import { anthropicDestinationSchema, type ConfigInput } from '../../../src/config/schema.js';
import { createAnthropicProvider } from '../../../src/providers/anthropic/create-anthropic-provider.js';
import type { Provider } from '../../../src/providers/types.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import type { LoopbackServer } from '../../helpers/loopback-server.js';

/** A realistic-looking key, so a test can search for it in errors and recorded requests. */
export const testApiKey = 'sk-ant-api03-Xy7Qw2Lm9Pz4Kd1Vb8Nc3Rt6Hg5Js0Fa';

type DestinationInput = ConfigInput['destinations'][string];

/** Builds the provider exactly as the gateway would: config through the real schema, key from an env. */
export function createTestProvider(server: LoopbackServer, overrides: Partial<Record<string, unknown>> = {}): Provider {
  const input = {
    kind: 'anthropic',
    tier: 'enterprise',
    retention: 'zero',
    baseUrl: server.url,
    apiKeyEnv: 'TEST_ANTHROPIC_KEY',
    timeouts: { connectMs: 1_000, firstByteMs: 2_000, totalMs: 5_000 },
    ...overrides,
  } as DestinationInput;
  const config = anthropicDestinationSchema.parse(input);
  return createAnthropicProvider('anthropic-test', config, {
    configDir: '.',
    env: { TEST_ANTHROPIC_KEY: testApiKey },
    logger: createSilentLogger(),
  });
}
