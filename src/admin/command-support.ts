import os from 'node:os';
import { reportStoreCommandError } from '../cli/shared-args.js';
import { loadConfig, type LoadedConfig } from '../config/load-config.js';
import { AirlockError } from '../errors/airlock-error.js';
import { createStore } from '../store/create-store.js';
import type { Store } from '../store/types.js';

/**
 * What the store-backed commands (`airlock keys`, `teams`, `usage`, later `audit`) share: the
 * store of the running gateway, found from the same `--config` / `--data-dir` flags as `serve`,
 * and where their output goes (injectable, so tests run commands in-process and read it).
 */

export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processOutput: CommandOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** The flags of `storeArgs`, as citty parses them. */
export interface StoreFlags {
  config?: string | undefined;
  'data-dir'?: string | undefined;
}

export interface CommandEnvironment {
  output?: CommandOutput;
  env?: Record<string, string | undefined>;
}

/** Who the admin event log names for a command run by hand: `cli:<os user>`. */
export function describeCliActor(): string {
  let name = 'unknown';
  try {
    name = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): the actor stays "unknown".
  }
  return `cli:${name}`;
}

/** Loads the config as serve would, opens its store and applies pending migrations. */
export async function openConfiguredStore(
  flags: StoreFlags,
  env: Record<string, string | undefined>,
): Promise<{ store: Store; loaded: LoadedConfig }> {
  const loaded = loadConfig({
    env,
    ...(flags.config ? { file: flags.config } : {}),
    ...(flags['data-dir'] ? { overrides: { dataDir: flags['data-dir'] } } : {}),
  });
  const store = createStore(loaded.config.store, { dataDir: loaded.dataDir, configDir: loaded.configDir, env });
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return { store, loaded };
}

/**
 * Runs a command against the configured store and always closes it. Bad input and an unreachable
 * store are reported in one line with exit status 1, configuration errors with status 2.
 */
export async function runStoreCommand(
  flags: StoreFlags,
  environment: CommandEnvironment,
  work: (store: Store, output: CommandOutput, loaded: LoadedConfig) => Promise<void>,
): Promise<void> {
  const output = environment.output ?? processOutput;
  let opened: { store: Store; loaded: LoadedConfig } | undefined;
  try {
    opened = await openConfiguredStore(flags, environment.env ?? process.env);
    await work(opened.store, output, opened.loaded);
  } catch (error) {
    reportStoreCommandError(error, output.stderr);
  } finally {
    await opened?.store.close();
  }
}

/** A whole number from a flag; `none` clears the limit (null); absent stays undefined. */
export function parseLimitFlag(value: string | undefined, name: string): number | null | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'none') return null;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) {
    throw new AirlockError('INVALID_REQUEST', `--${name} must be a whole number (or "none").`, { param: name });
  }
  return number;
}

/** An amount in USD from a flag; `none` clears it (null); absent stays undefined. */
export function parseUsdFlag(value: string | undefined, name: string): number | null | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'none') return null;
  const amount = Number(value.replace(/^\$/, ''));
  if (!Number.isFinite(amount) || amount < 0) {
    throw new AirlockError('INVALID_REQUEST', `--${name} must be an amount in USD, e.g. 100 or 12.50 (or "none").`, { param: name });
  }
  return amount;
}
