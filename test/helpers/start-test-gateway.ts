import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateConfig } from '../../src/config/load-config.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { startGateway, type RunningGateway } from '../../src/server/start-gateway.js';
import { createSilentLogger, type Logger } from '../../src/telemetry/logger.js';
import { SHIPPED_MODEL_PATH } from '../../src/config/defaults.js';

export interface TestGateway extends RunningGateway {
  dataDir: string;
}

/**
 * Starts the real gateway in-process on 127.0.0.1:0 with its own temporary data directory, and
 * waits for every destination to be ready. `close()` drains it and removes the directory.
 */
export async function startTestGateway(
  config: Omit<ConfigInput, 'server'> & { server?: ConfigInput['server'] },
  env: Record<string, string> = {},
  options: { logger?: Logger; dataDir?: string } = {},
): Promise<TestGateway> {
  // A given dataDir (shared with a CLI under test) is the caller's to remove.
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'airlock-test-'));
  // The Ollama listener stays off unless a test asks (`server: { ollama: { port: 0 } }`), so tests never race for 11434.
  const input: ConfigInput = { ...config, dataDir, server: { host: '127.0.0.1', port: 0, ollama: false, ...config.server } };
  const loaded = validateConfig(input, 'test config', dataDir);
  const running = await startGateway({ loaded, logger: options.logger ?? createSilentLogger(), env, waitUntilReady: true });
  return {
    ...running,
    dataDir,
    async close() {
      await running.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An embedded destination with the shipped model, for configs that need a local model. */
export const EMBEDDED_DESTINATION = { kind: 'embedded', modelPath: SHIPPED_MODEL_PATH } as const;
