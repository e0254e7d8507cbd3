import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError, type TerminalIo } from './terminal-io.js';

/** Where the developer commands find the gateway when nothing says otherwise: `airlock serve`'s defaults. */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8080';
export const DEFAULT_OLLAMA_PORT = 11434;

/** The gateway a developer command talks to. */
export interface ClientSettings {
  /** The gateway's root URL without a trailing slash or `/v1`, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** A virtual key (`alk_...`), sent as `Authorization: Bearer`; absent for an anonymous local gateway. */
  key?: string;
  /** The model asked for; absent means: `auto` if the gateway offers it, else its first model. */
  model?: string;
  /** The client config file that was read, if one exists. */
  configFile?: string;
  /** Complaints about the config file that do not stop the command (e.g. a key readable by others). */
  warnings: string[];
}

/** The flags every developer command takes, named alike everywhere. */
export const gatewayArgs = {
  url: { type: 'string', description: 'Gateway URL (default: AIRLOCK_URL, the client config, or http://127.0.0.1:8080)' },
  key: { type: 'string', description: 'Virtual key (default: AIRLOCK_API_KEY or the client config)' },
  model: { type: 'string', description: 'Model (default: AIRLOCK_MODEL, the client config, else auto or the first model)' },
} as const;

export interface GatewayFlags {
  url?: string | undefined;
  key?: string | undefined;
  model?: string | undefined;
}

const clientConfigSchema = z
  .object({
    url: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
  })
  .strict();

/** `$XDG_CONFIG_HOME/airlock/client.yaml`, else `~/.config/airlock/client.yaml`. */
export function findClientConfigFile(io: Pick<TerminalIo, 'env' | 'homeDir'>): string {
  const base =
    io.env.XDG_CONFIG_HOME && path.isAbsolute(io.env.XDG_CONFIG_HOME) ? io.env.XDG_CONFIG_HOME : path.join(io.homeDir, '.config');
  return path.join(base, 'airlock', 'client.yaml');
}

/**
 * Resolves the gateway URL, key and model: flags first, then the environment (`AIRLOCK_URL`,
 * `AIRLOCK_API_KEY`, `AIRLOCK_MODEL`), then the client config file, then the local defaults.
 * Throws UsageError for a malformed URL, key or config file (never echoing the key).
 */
export function resolveClientSettings(flags: GatewayFlags, io: Pick<TerminalIo, 'env' | 'homeDir'>): ClientSettings {
  const file = findClientConfigFile(io);
  const warnings: string[] = [];
  const fromFile = readClientConfig(file, warnings);
  const url = pick(flags.url, io.env.AIRLOCK_URL, fromFile?.url) ?? DEFAULT_GATEWAY_URL;
  const key = pick(flags.key, io.env.AIRLOCK_API_KEY, fromFile?.key);
  const model = pick(flags.model, io.env.AIRLOCK_MODEL, fromFile?.model);
  if (key !== undefined) checkKey(key);
  return {
    url: normalizeGatewayUrl(url),
    ...(key !== undefined ? { key } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(fromFile ? { configFile: file } : {}),
    warnings,
  };
}

/**
 * Accepts what people paste: a root URL, one ending in `/` or in `/v1` (the OpenAI base URL).
 * Returns the root without a trailing slash.
 */
export function normalizeGatewayUrl(text: string): string {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    throw new UsageError(`The gateway URL "${text}" is not a URL (expected e.g. ${DEFAULT_GATEWAY_URL}).`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`The gateway URL must start with http:// or https:// (got ${parsed.protocol}).`);
  }
  if (parsed.username || parsed.password)
    throw new UsageError('The gateway URL must not contain credentials; use --key or AIRLOCK_API_KEY.');
  const pathname = parsed.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${parsed.origin}${pathname}`;
}

/** The Ollama-compatible listener of a gateway: same host, Ollama's port. */
export function deriveOllamaUrl(gatewayUrl: string): string {
  // URL keeps the brackets of an IPv6 hostname, so this works for [::1] too.
  return `http://${new URL(gatewayUrl).hostname}:${DEFAULT_OLLAMA_PORT}`;
}

function pick(...values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '')?.trim();
}

/** A key goes into a header: anything that could split or fold it is refused, without echoing it. */
function checkKey(key: string): void {
  if (!/^[\x21-\x7e]+$/.test(key)) throw new UsageError('The key contains spaces or characters that cannot be sent in a header.');
}

function readClientConfig(file: string, warnings: string[]): z.infer<typeof clientConfigSchema> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    throw new UsageError(`${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = clientConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new UsageError(`${file} is not a valid client config (keys: url, key, model):\n  ${problems.join('\n  ')}`);
  }
  if (parsed.data.key !== undefined && isReadableByOthers(file)) {
    warnings.push(`${file} holds a key and is readable by other users; run: chmod 600 ${file}`);
  }
  return parsed.data;
}

function isReadableByOthers(file: string): boolean {
  if (process.platform === 'win32') return false;
  return (statSync(file).mode & 0o077) !== 0;
}
