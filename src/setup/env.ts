import { KEY_ENV, type SetupTarget, type ToolSetup } from './tool-setup.js';

/** A POSIX shell word: single-quoted, with embedded single quotes closed and escaped. */
export function quoteForShell(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The variables the official SDKs and most tools read: OpenAI's and Anthropic's base URL and
 * key, Ollama's host (the gateway's Ollama listener), and Airlock's own for `airlock ask/chat`.
 */
export function createEnvironment(target: SetupTarget): [string, string][] {
  const key = target.key;
  return [
    ['OPENAI_BASE_URL', target.openaiBaseUrl],
    ...(key ? ([['OPENAI_API_KEY', key]] as [string, string][]) : []),
    ['ANTHROPIC_BASE_URL', target.gatewayUrl],
    ...(key ? ([['ANTHROPIC_AUTH_TOKEN', key]] as [string, string][]) : []),
    ['OLLAMA_HOST', target.ollamaUrl],
    ['AIRLOCK_URL', target.gatewayUrl],
    ...(key ? ([[KEY_ENV, key]] as [string, string][]) : []),
  ];
}

/** Shell exports; `eval "$(airlock setup env)"` applies them to the current shell. */
export const envSetup: ToolSetup = {
  name: 'env',
  title: 'shell environment',
  render: (target) =>
    createEnvironment(target)
      .map(([name, value]) => `export ${name}=${quoteForShell(value)}\n`)
      .join(''),
  notes: (target) => [
    'Apply them with: eval "$(airlock setup env)", or add them to your shell profile.',
    ...(target.key
      ? []
      : ['No key given: the key variables are left out (fine for an anonymous gateway on loopback; pass --key otherwise).']),
    "OLLAMA_HOST is the gateway's Ollama listener. If a real Ollama holds port 11434, `airlock serve` runs without that listener and OLLAMA_HOST reaches Ollama directly: start the gateway with --ollama-port N and pass --ollama-url here.",
  ],
};
