import path from 'node:path';
import { stringify } from 'yaml';
import { formatYamlLike, parseYamlConfig } from './config-formats.js';
import { NO_KEY_PLACEHOLDER, type SetupTarget, type ToolSetup } from './tool-setup.js';

/**
 * aider's options, named as its command-line flags: the `openai/` prefix tells aider (through
 * LiteLLM) to use its OpenAI-compatible client with `openai-api-base`. aider will not start
 * without a key, so an anonymous gateway gets a placeholder.
 */
export function createAiderOptions(target: SetupTarget): Record<string, string> {
  return {
    'openai-api-base': target.openaiBaseUrl,
    'openai-api-key': target.key ?? NO_KEY_PLACEHOLDER,
    model: `openai/${target.model}`,
    'weak-model': `openai/${target.model}`,
  };
}

/** `~/.aider.conf.yml`, aider's per-user config (a repository's own file, if any, overrides it). */
export const aiderSetup: ToolSetup = {
  name: 'aider',
  title: 'aider',
  storesKey: true,
  configFile: ({ homeDir }) => path.join(homeDir, '.aider.conf.yml'),
  mergeConfig(current, target) {
    const document = parseYamlConfig(current, '.aider.conf.yml');
    const before = document.toJS() as unknown;
    for (const [key, value] of Object.entries(createAiderOptions(target))) {
      if (document.get(key) !== value) document.set(key, value);
    }
    return formatYamlLike(current, before, document);
  },
  render: (target) => stringify(createAiderOptions(target), { lineWidth: 0 }),
  notes: () => [
    'A .aider.conf.yml in a repository or its parent directories, and AIDER_* / OPENAI_* environment variables, override this file.',
    "aider warns that it does not know the model's context size; that is expected for a gateway model (add --no-show-model-warnings to silence it).",
    'Check it: run aider, ask something, then `airlock chat` → /why, or look for the request in the gateway log.',
  ],
};
