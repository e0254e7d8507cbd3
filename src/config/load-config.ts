import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { createEmbeddedDefaults } from './defaults.js';
import { configSchema, type Config } from './schema.js';
import { applyEnvironment } from './apply-environment.js';
import { checkConfigReferences } from './check-references.js';

export interface LoadConfigOptions {
  /** A YAML file; when absent, `AIRLOCK_CONFIG`, then the embedded defaults. */
  file?: string;
  env?: Record<string, string | undefined>;
  /** Command-line flags: they win over the file and the environment. */
  /** `ollamaPort` 0 turns the Ollama-compatible listener off; any other value is its port. */
  overrides?: { host?: string; port?: number; dataDir?: string; ollamaPort?: number };
}

export interface LoadedConfig {
  config: Readonly<Config>;
  /** Where relative paths in the config resolve from. */
  configDir: string;
  /** The file, or `embedded defaults`. */
  source: string;
  dataDir: string;
  warnings: string[];
}

/** Loads, validates (reporting every problem at once) and freezes the configuration. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const file = options.file ?? env['AIRLOCK_CONFIG'];
  const source = file ? path.resolve(file) : 'embedded defaults';
  const raw = file ? readConfigFile(source) : createEmbeddedDefaults();
  const configDir = file ? path.dirname(source) : process.cwd();
  const input = applyEnvironment(raw, env);
  // The policy may live in its own file, referenced by path from the config.
  if (typeof input['policy'] === 'string') input['policy'] = readConfigFile(path.resolve(configDir, input['policy']));
  const { host, port, dataDir, ollamaPort } = options.overrides ?? {};
  if (host !== undefined || port !== undefined || ollamaPort !== undefined) {
    const server = (input['server'] ?? {}) as Record<string, unknown>;
    input['server'] = {
      ...server,
      ...(host === undefined ? {} : { host }),
      ...(port === undefined ? {} : { port }),
      ...(ollamaPort === undefined ? {} : { ollama: overrideOllamaPort(server['ollama'], ollamaPort) }),
    };
  }
  if (dataDir !== undefined) input['dataDir'] = dataDir;
  return validateConfig(input, source, configDir);
}

/** `--ollama-port`: 0 is off; another port keeps the file's other Ollama settings. */
function overrideOllamaPort(ollama: unknown, port: number): unknown {
  if (port === 0) return false;
  return { ...(typeof ollama === 'object' && ollama !== null ? ollama : {}), port };
}

/** Validates an already-parsed object (used by `config check` and tests). */
export function validateConfig(input: unknown, source: string, configDir: string): LoadedConfig {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(source, convertIssues(parsed.error.issues));
  const config = parsed.data;
  const { problems, warnings } = checkConfigReferences(config);
  if (problems.length > 0) throw new ConfigError(source, problems);
  const dataDir = path.resolve(configDir, config.dataDir ?? path.join(os.homedir(), '.airlock'));
  return { config: deepFreeze(config), configDir, source, dataDir, warnings };
}

export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [{ path: '(file)', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` }]);
  }
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      file,
      document.errors.map((error) => ({
        path: `(yaml line ${error.linePos?.[0]?.line ?? '?'})`,
        message: error.message.split('\n')[0] ?? '',
      })),
    );
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(file, [{ path: '(root)', message: 'expected a mapping at the top level' }]);
  }
  return value as Record<string, unknown>;
}

function convertIssues(issues: z.core.$ZodIssue[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    // A discriminated union's failure is clearer as the failures of the branch it matched.
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const nested = issue.errors.flat().map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
      problems.push(...convertIssues(nested as z.core.$ZodIssue[]));
      continue;
    }
    problems.push({ path: formatPath(issue.path), message: issue.message });
  }
  return problems;
}

function formatPath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return '(root)';
  return segments
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
