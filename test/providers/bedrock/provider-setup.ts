import { bedrockDestinationSchema, type ConfigInput } from '../../../src/config/schema.js';
import { createBedrockProvider } from '../../../src/providers/bedrock/create-bedrock-provider.js';
import type { Provider } from '../../../src/providers/types.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import type { LoopbackServer } from '../../helpers/loopback-server.js';

/** Test credentials shaped like real ones (never real); the session token proves it is signed and sent. */
export const testCredentials = {
  accessKeyId: 'AKIAZ7XK2QWERTYU3L5M',
  secretAccessKey: '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',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDtestsessiontoken',
  region: 'eu-central-1',
};

export const testEnv = {
  AWS_ACCESS_KEY_ID: testCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey,
  AWS_SESSION_TOKEN: testCredentials.sessionToken,
};

type DestinationInput = ConfigInput['destinations'][string];

/** Builds the provider exactly as the gateway would: config through the real schema, credentials from an env. */
export function createTestProvider(server: LoopbackServer, overrides: Partial<Record<string, unknown>> = {}): Provider {
  const input = {
    kind: 'bedrock',
    region: testCredentials.region,
    endpoint: server.url,
    timeouts: { connectMs: 1_000, firstByteMs: 2_000, totalMs: 5_000 },
    ...overrides,
  } as DestinationInput;
  return createBedrockProvider('bedrock-test', bedrockDestinationSchema.parse(input), {
    configDir: '.',
    env: testEnv,
    logger: createSilentLogger(),
  });
}

export const MODEL_ID = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
