import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../client/terminal-io.js';
import { ensureObject, formatJsonLike, parseJsonObject } from './config-formats.js';
import type { SetupContext, SetupTarget, ToolSetup } from './tool-setup.js';

/**
 * opencode's provider entry: the AI SDK's OpenAI-compatible package pointed at the gateway, the
 * model listed under it, and both the main and the small model (titles, summaries) set to it so
 * no request of opencode's goes around the gateway.
 */
export function createOpencodeConfig(target: SetupTarget): Record<string, unknown> {
  return {
    provider: {
      airlock: {
        npm: '@ai-sdk/openai-compatible',
        name: 'Airlock',
        options: { baseURL: target.openaiBaseUrl, ...(target.key ? { apiKey: target.key } : {}) },
        models: { [target.model]: { name: target.model } },
      },
    },
    model: `airlock/${target.model}`,
    small_model: `airlock/${target.model}`,
  };
}

function configDirectory({ homeDir, env }: SetupContext): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(homeDir, '.config');
  return path.join(base, 'opencode');
}

/** `~/.config/opencode/opencode.json`, opencode's global config. */
export const opencodeSetup: ToolSetup = {
  name: 'opencode',
  title: 'opencode',
  storesKey: true,
  configFile(context) {
    const directory = configDirectory(context);
    if (!existsSync(path.join(directory, 'opencode.json')) && existsSync(path.join(directory, 'opencode.jsonc'))) {
      throw new UsageError(
        `${path.join(directory, 'opencode.jsonc')} has comments airlock setup would lose; add the printed settings to it by hand.`,
      );
    }
    return path.join(directory, 'opencode.json');
  },
  mergeConfig(current, target) {
    const config = parseJsonObject(current, 'opencode.json');
    const next = structuredClone(config);
    const wanted = createOpencodeConfig(target);
    if (next.$schema === undefined) next.$schema = 'https://opencode.ai/config.json';
    ensureObject(next, 'provider', 'opencode.json').airlock = (wanted.provider as Record<string, unknown>).airlock;
    next.model = wanted.model;
    next.small_model = wanted.small_model;
    return formatJsonLike(current, config, next);
  },
  render: (target) => `${JSON.stringify({ $schema: 'https://opencode.ai/config.json', ...createOpencodeConfig(target) }, null, 2)}\n`,
  notes: () => [
    'A project opencode.json can override the global model; run `opencode models airlock` to see the gateway model.',
    'Other providers you have logged in to stay selectable and talk to their APIs directly.',
    'Check it: ask opencode something, then `airlock chat` → /why, or find the request in the gateway log.',
  ],
};
