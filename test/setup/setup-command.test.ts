import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import type { TestTerminal } from '../cli/ask-helpers.js';
import { CLOSED_URL, TEST_KEY, createSetupTerminal, listFiles, runSetupCommand } from './setup-helpers.js';

const URL = 'http://127.0.0.1:8080';
const terminals: TestTerminal[] = [];

afterEach(() => {
  while (terminals.length > 0) terminals.pop()?.cleanup();
});

function terminal(env: Record<string, string> = {}): TestTerminal {
  const created = createSetupTerminal(env);
  terminals.push(created);
  return created;
}

interface FileTool {
  tool: string;
  file: string;
  /** A config the user already had, with settings of their own and a comment where the format has them. */
  existing: string;
  parse(text: string): unknown;
  /** Where the parsed config says the tool sends requests. */
  baseUrl(config: unknown): unknown;
  /** The user's own setting, which must survive. */
  ownSetting(config: unknown): unknown;
  ownValue: unknown;
}

const get = (value: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>((current, key) => (current as Record<string | number, unknown> | undefined)?.[key], value);

const FILE_TOOLS: FileTool[] = [
  {
    tool: 'claude-code',
    file: '.claude/settings.json',
    existing: JSON.stringify({ permissions: { allow: ['Bash(npm test)'] }, env: { DISABLE_TELEMETRY: '1' } }, null, 4),
    parse: JSON.parse,
    baseUrl: (config) => get(config, 'env', 'ANTHROPIC_BASE_URL'),
    ownSetting: (config) => [get(config, 'permissions', 'allow', 0), get(config, 'env', 'DISABLE_TELEMETRY')],
    ownValue: ['Bash(npm test)', '1'],
  },
  {
    tool: 'codex',
    file: '.codex/config.toml',
    existing: 'approval_policy = "on-request"\n\n[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "docs-server"]\n',
    parse: (text) => parseToml(text),
    baseUrl: (config) => get(config, 'model_providers', 'airlock', 'base_url'),
    ownSetting: (config) => [get(config, 'approval_policy'), get(config, 'mcp_servers', 'docs', 'args')],
    ownValue: ['on-request', ['-y', 'docs-server']],
  },
  {
    tool: 'continue',
    file: '.continue/config.yaml',
    existing:
      'name: Mine\nversion: 0.0.1\nschema: v1\n# models I run myself\nmodels:\n  - name: Local Qwen\n    provider: ollama\n    model: qwen2.5-coder\n',
    parse: parseYaml,
    baseUrl: (config) => get(config, 'models', 0, 'apiBase'),
    ownSetting: (config) => [get(config, 'name'), get(config, 'models', 2, 'name')],
    ownValue: ['Mine', 'Local Qwen'],
  },
  {
    tool: 'aider',
    file: '.aider.conf.yml',
    existing: '# my aider settings\ndark-mode: true\nauto-commits: false\n',
    parse: parseYaml,
    baseUrl: (config) => get(config, 'openai-api-base'),
    ownSetting: (config) => [get(config, 'dark-mode'), get(config, 'auto-commits')],
    ownValue: [true, false],
  },
  {
    tool: 'opencode',
    file: '.config/opencode/opencode.json',
    existing: JSON.stringify({
      $schema: 'https://opencode.ai/config.json',
      theme: 'tokyonight',
      provider: { ollama: { npm: '@ai-sdk/openai-compatible' } },
    }),
    parse: JSON.parse,
    baseUrl: (config) => get(config, 'provider', 'airlock', 'options', 'baseURL'),
    ownSetting: (config) => [get(config, 'theme'), get(config, 'provider', 'ollama', 'npm')],
    ownValue: ['tokyonight', '@ai-sdk/openai-compatible'],
  },
];

describe.each(FILE_TOOLS)('airlock setup $tool', (spec) => {
  const expectedBase = spec.tool === 'claude-code' ? URL : spec.tool === 'continue' ? `${URL}/v1/` : `${URL}/v1`;

  it('--print (the default) shows a config in its own format and changes nothing', async () => {
    const term = terminal();
    const run = await runSetupCommand(term, [spec.tool, '--url', URL, '--key', TEST_KEY, '--model', 'auto']);
    expect(run.exitCode).toBe(0);
    expect(spec.baseUrl(spec.parse(run.stdout))).toBe(expectedBase);
    expect(run.stderr).toContain(path.join(term.io.homeDir, spec.file));
    expect(listFiles(term.io.homeDir)).toEqual([]);
  });

  it('--write merges into the existing file, keeps the user settings, and backs the original up', async () => {
    const term = terminal();
    const file = path.join(term.io.homeDir, spec.file);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, spec.existing);
    chmodSync(file, 0o640);
    const run = await runSetupCommand(term, [spec.tool, '--write', '--url', `${URL}/v1/`, '--key', TEST_KEY, '--model', 'auto']);
    expect(run.exitCode).toBe(0);
    const written = readFileSync(file, 'utf8');
    const config = spec.parse(written);
    expect(spec.baseUrl(config)).toBe(expectedBase);
    expect(spec.ownSetting(config)).toEqual(spec.ownValue);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const backups = listFiles(path.dirname(file)).filter((name) => name.includes('.airlock-backup-'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^[^/]+\.airlock-backup-\d{8}T\d{6}Z$/);
    expect(readFileSync(path.join(path.dirname(file), backups[0]!), 'utf8')).toBe(spec.existing);
    expect(run.stdout).toContain(`Updated ${file}`);
    expect(run.stdout).toContain(`The previous version is in ${path.join(path.dirname(file), backups[0]!)}`);
  });

  it('--write is idempotent: a second run changes nothing and makes no new backup', async () => {
    const term = terminal();
    const file = path.join(term.io.homeDir, spec.file);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, spec.existing);
    const args = [spec.tool, '--write', '--url', URL, '--key', TEST_KEY, '--model', 'auto'];
    await runSetupCommand(term, args);
    const first = readFileSync(file, 'utf8');
    const filesAfterFirst = listFiles(term.io.homeDir);
    const second = await runSetupCommand(term, args);
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toBe(
      `${file} already points ${second.stdout.split(' already points ')[1]?.split(' at ')[0]} at ${URL}; nothing changed.\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(listFiles(term.io.homeDir)).toEqual(filesAfterFirst);
  });

  it('--write creates a missing file (private when it holds the key) without a backup', async () => {
    const term = terminal();
    const run = await runSetupCommand(term, [spec.tool, '--write', '--url', URL, '--key', TEST_KEY, '--model', 'auto']);
    expect(run.exitCode).toBe(0);
    const file = path.join(term.io.homeDir, spec.file);
    expect(listFiles(term.io.homeDir)).toEqual([spec.file]);
    expect(spec.baseUrl(spec.parse(readFileSync(file, 'utf8')))).toBe(expectedBase);
    const holdsKey = readFileSync(file, 'utf8').includes(TEST_KEY);
    expect(statSync(file).mode & 0o777).toBe(holdsKey ? 0o600 : 0o644);
    expect(run.stdout).toContain(`Created ${file}`);
  });

  it('refuses to overwrite a file it cannot parse, leaving it as it was', async () => {
    const term = terminal();
    const file = path.join(term.io.homeDir, spec.file);
    mkdirSync(path.dirname(file), { recursive: true });
    const broken = spec.tool === 'codex' ? 'model = "unterminated\n' : spec.file.endsWith('.json') ? '{"env": {' : 'models: [unclosed\n';
    writeFileSync(file, broken);
    const run = await runSetupCommand(term, [spec.tool, '--write', '--url', URL, '--model', 'auto']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/is not valid (JSON|YAML|TOML)/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect(listFiles(term.io.homeDir)).toEqual([spec.file]);
  });
});

describe('airlock setup for tools without a config file', () => {
  it.each(['cline', 'cursor', 'env'])('%s --write is refused and writes nothing', async (tool) => {
    const term = terminal();
    const run = await runSetupCommand(term, [tool, '--write', '--url', URL, '--model', 'auto']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/has no config file airlock setup can write/);
    expect(listFiles(term.io.homeDir)).toEqual([]);
  });

  it('cline and cursor print the settings to enter: base URL, key, model id', async () => {
    for (const tool of ['cline', 'cursor']) {
      const term = terminal();
      const run = await runSetupCommand(term, [tool, '--url', URL, '--key', TEST_KEY, '--model', 'gpt-4o']);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain(`${URL}/v1`);
      expect(run.stdout).toContain(TEST_KEY);
      expect(run.stdout).toContain('gpt-4o');
    }
  });

  it('cursor warns that its servers cannot reach a gateway on this machine, and not for a public one', async () => {
    const local = await runSetupCommand(terminal(), ['cursor', '--url', URL, '--model', 'auto']);
    expect(local.stderr).toContain('Cursor sends requests for a custom base URL from its own servers');
    const hosted = await runSetupCommand(terminal(), ['cursor', '--url', 'https://airlock.example.com', '--model', 'auto']);
    expect(hosted.stderr).not.toContain('from its own servers');
  });
});

describe('airlock setup errors and defaults', () => {
  it('lists the tools when none or an unknown one is named', async () => {
    const none = await runSetupCommand(terminal(), []);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('claude-code');
    const unknown = await runSetupCommand(terminal(), ['vim']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('Unknown tool "vim"');
  });

  it('refuses --print with --write', async () => {
    const run = await runSetupCommand(terminal(), ['aider', '--print', '--write', '--model', 'auto']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('Choose one of --print and --write');
  });

  it('takes the URL and key from the environment, and falls back to "auto" when the gateway cannot be asked', async () => {
    const term = terminal({ AIRLOCK_URL: CLOSED_URL, AIRLOCK_API_KEY: TEST_KEY });
    const run = await runSetupCommand(term, ['aider']);
    expect(run.exitCode).toBe(0);
    expect(parseYaml(run.stdout)).toEqual({
      'openai-api-base': `${CLOSED_URL}/v1`,
      'openai-api-key': TEST_KEY,
      model: 'openai/auto',
      'weak-model': 'openai/auto',
    });
    expect(run.stderr).toContain(`could not list the models of ${CLOSED_URL} (GATEWAY_UNREACHABLE); using "auto"`);
  });
});
