import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { UsageError } from '../client/terminal-io.js';
import { KEY_ENV, type SetupTarget, type ToolSetup } from './tool-setup.js';

type TomlTable = Record<string, unknown>;

/**
 * Codex's provider entry. Codex speaks the Responses API (`wire_api = "responses"`, the only
 * value current releases accept) and reads its key from the environment variable `env_key`
 * names: the key itself never goes into config.toml. With no key, no `env_key` (Codex would
 * refuse to start with the variable unset).
 */
export function createCodexConfig(target: SetupTarget): TomlTable {
  return {
    model: target.model,
    model_provider: 'airlock',
    model_providers: {
      airlock: { name: 'Airlock', base_url: target.openaiBaseUrl, wire_api: 'responses', ...(target.key ? { env_key: KEY_ENV } : {}) },
    },
  };
}

/** `~/.codex/config.toml` (CODEX_HOME moves it). */
export const codexSetup: ToolSetup = {
  name: 'codex',
  title: 'Codex CLI',
  configFile: ({ homeDir, env }) => path.join(env.CODEX_HOME || path.join(homeDir, '.codex'), 'config.toml'),
  mergeConfig(current, target) {
    const config = parseTomlConfig(current);
    const next = structuredClone(config);
    const wanted = createCodexConfig(target);
    next.model = wanted.model;
    next.model_provider = wanted.model_provider;
    const providers = next.model_providers;
    if (providers !== undefined && (typeof providers !== 'object' || providers === null || Array.isArray(providers))) {
      throw new UsageError('config.toml: model_providers is not a table.');
    }
    next.model_providers = { ...(providers as TomlTable | undefined), ...(wanted.model_providers as TomlTable) };
    if (current !== undefined && isDeepStrictEqual(config, next)) return current;
    return stringifyToml(next);
  },
  render: (target) => stringifyToml(createCodexConfig(target)),
  notes: (target, context) => {
    const notes: string[] = [];
    if (target.key)
      notes.push(
        `Codex reads the key from ${KEY_ENV}: add \`export ${KEY_ENV}=...\` to your shell profile (\`airlock setup env\` prints it).`,
      );
    if (/^\s*#/m.test(context.original ?? ''))
      notes.push('config.toml is rewritten by a TOML library: comments are not kept (the backup has them).');
    notes.push('Codex uses /v1/responses; the gateway must serve the Responses API.');
    notes.push('Check it: `codex exec "say ok"`, then `airlock chat` → /why, or find the request in the gateway log.');
    return notes;
  },
};

function parseTomlConfig(current: string | undefined): TomlTable {
  if (current === undefined || current.trim() === '') return {};
  try {
    return parseToml(current) as TomlTable;
  } catch (error) {
    throw new UsageError(
      `config.toml is not valid TOML (${(error as Error).message.split('\n')[0]}); fix it or merge the printed settings by hand.`,
    );
  }
}
