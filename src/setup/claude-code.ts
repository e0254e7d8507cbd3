import path from 'node:path';
import { ensureObject, formatJsonLike, parseJsonObject } from './config-formats.js';
import { NO_KEY_PLACEHOLDER, type SetupTarget, type ToolSetup } from './tool-setup.js';

/**
 * Claude Code's environment for a gateway: the base URL without `/v1` (it appends
 * `/v1/messages`), the key as `ANTHROPIC_AUTH_TOKEN` (sent as `Authorization: Bearer`), and every
 * model alias it uses (main, opus, sonnet, haiku/background) mapped to the gateway's model, so no
 * request asks for a model the gateway does not have.
 */
export function createClaudeCodeEnv(target: SetupTarget): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: target.gatewayUrl,
    ANTHROPIC_AUTH_TOKEN: target.key ?? NO_KEY_PLACEHOLDER,
    ANTHROPIC_MODEL: target.model,
    ANTHROPIC_DEFAULT_OPUS_MODEL: target.model,
    ANTHROPIC_DEFAULT_SONNET_MODEL: target.model,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: target.model,
  };
}

/** `~/.claude/settings.json` (CLAUDE_CONFIG_DIR moves it), its `env` block. */
export const claudeCodeSetup: ToolSetup = {
  name: 'claude-code',
  title: 'Claude Code',
  storesKey: true,
  configFile: ({ homeDir, env }) => path.join(env.CLAUDE_CONFIG_DIR || path.join(homeDir, '.claude'), 'settings.json'),
  mergeConfig(current, target) {
    const settings = parseJsonObject(current, 'settings.json');
    const next = structuredClone(settings);
    const env = ensureObject(next, 'env', 'settings.json');
    Object.assign(env, createClaudeCodeEnv(target));
    // An API key here would be sent as x-api-key beside the token: a real Anthropic key would
    // reach the gateway, and the two credentials disagreeing is refused anyway.
    delete env.ANTHROPIC_API_KEY;
    return formatJsonLike(current, settings, next);
  },
  render: (target) => `${JSON.stringify({ env: createClaudeCodeEnv(target) }, null, 2)}\n`,
  notes: (_target, context) => [
    ...(/"ANTHROPIC_API_KEY"\s*:/.test(context.original ?? '')
      ? ['Removed ANTHROPIC_API_KEY from the env block: it would be sent beside the Airlock key (the backup still has it).']
      : []),
    ...(context.env.ANTHROPIC_API_KEY
      ? ['ANTHROPIC_API_KEY is set in your shell: unset it, or Claude Code may send it instead of the Airlock key.']
      : []),
    'Settings env values override the shell. A project .claude/settings.json or an apiKeyHelper can still override these; run /status in Claude Code to see the base URL and token in use.',
    'Claude Code talks Anthropic Messages (/v1/messages) to the gateway; every model alias maps to the model above, so the policy decides where each request goes.',
    'Check it: ask Claude Code something, then `airlock chat` → /why, or find the request id in the gateway log.',
  ],
};
