import { ConfigError } from '../config/config-error.js';
import { AirlockError } from '../errors/airlock-error.js';

/** The flags every command that touches the gateway's config or store takes, named alike everywhere. */
export const storeArgs = {
  config: { type: 'string', description: 'Config file (YAML); default: AIRLOCK_CONFIG or embedded defaults' },
  'data-dir': { type: 'string', description: 'Data directory (default ~/.airlock)' },
} as const;

export function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`invalid port "${text}"`);
  return port;
}

/** Prints a configuration error (every problem with its path) and sets exit status 2. */
export function reportConfigError(error: unknown): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 2;
}

/**
 * How a command that opens the store reports a failure: a bad config (every problem, exit 2), an
 * AirlockError with its stable code (exit 1); anything else is a bug and is rethrown.
 */
export function reportStoreCommandError(error: unknown, writeError: (text: string) => void): void {
  if (error instanceof ConfigError) {
    writeError(`${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof AirlockError && error.code !== 'INTERNAL') {
    writeError(`error: ${error.message} (${error.code})\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
