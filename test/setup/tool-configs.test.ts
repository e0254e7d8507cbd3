import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';

// TOML documents are untyped trees; the assertions below say what shape is expected.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TomlTable = Record<string, any>;
import { parse as parseYaml } from 'yaml';
import { aiderSetup } from '../../src/setup/aider.js';
import { claudeCodeSetup } from '../../src/setup/claude-code.js';
import { codexSetup } from '../../src/setup/codex.js';
import { continueSetup } from '../../src/setup/continue.js';
import { envSetup, quoteForShell } from '../../src/setup/env.js';
import { opencodeSetup } from '../../src/setup/opencode.js';
import type { SetupTarget } from '../../src/setup/tool-setup.js';
import { writeConfigFile } from '../../src/setup/write-config-file.js';

const withKey: SetupTarget = {
  gatewayUrl: 'http://127.0.0.1:8080',
  openaiBaseUrl: 'http://127.0.0.1:8080/v1',
  ollamaUrl: 'http://127.0.0.1:11434',
  key: 'alk_test_key',
  model: 'auto',
};
const { key: _unused, ...withoutKey } = withKey;
const context = { homeDir: '/home/dana', env: {} };

describe('continue', () => {
  it('updates its own entries in place, keeping fields and comments the user added to them', () => {
    const first = continueSetup.mergeConfig!(undefined, withKey);
    const edited = first.replace(
      '    roles:\n      - chat',
      '    # I raised this\n    defaultCompletionOptions:\n      contextLength: 32000\n    roles:\n      - chat',
    );
    const second = continueSetup.mergeConfig!(edited, { ...withKey, model: 'gpt-4o' });
    expect(second).toContain('# I raised this');
    const models = parseYaml(second).models as Record<string, unknown>[];
    expect(models).toHaveLength(2);
    expect(models[0]).toMatchObject({ name: 'Airlock', model: 'gpt-4o', defaultCompletionOptions: { contextLength: 32000 } });
    expect(models[1]).toMatchObject({
      name: 'Airlock autocomplete',
      model: 'gpt-4o',
      useLegacyCompletionsEndpoint: true,
      roles: ['autocomplete'],
    });
  });

  it('puts its entries first and leaves a comment on the model it was written above', () => {
    const existing =
      'name: Mine\nversion: 1.0.0\nschema: v1\nmodels:\n  # the fast local one\n  - name: Local\n    provider: ollama\n    model: qwen\n';
    const merged = continueSetup.mergeConfig!(existing, withKey);
    expect(merged.indexOf('# the fast local one')).toBeGreaterThan(merged.indexOf('name: Airlock autocomplete'));
    expect(merged.indexOf('# the fast local one')).toBeLessThan(merged.indexOf('name: Local'));
  });

  it('writes the required top-level fields into a new file, and no apiKey without a key', () => {
    const config = parseYaml(continueSetup.mergeConfig!(undefined, withoutKey));
    expect(config).toMatchObject({ name: 'Local Config', version: '1.0.0', schema: 'v1' });
    expect(config.models[0]).not.toHaveProperty('apiKey');
  });
});

describe('claude-code', () => {
  it('sets the gateway env, drops a conflicting ANTHROPIC_API_KEY and says so', () => {
    const existing = JSON.stringify({ model: 'opus', env: { ANTHROPIC_API_KEY: 'sk-ant-api03-x', OTHER: 'kept' } });
    const merged = JSON.parse(claudeCodeSetup.mergeConfig!(existing, withKey));
    expect(merged.model).toBe('opus');
    expect(merged.env).toEqual({
      OTHER: 'kept',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:8080',
      ANTHROPIC_AUTH_TOKEN: 'alk_test_key',
      ANTHROPIC_MODEL: 'auto',
      ANTHROPIC_DEFAULT_OPUS_MODEL: 'auto',
      ANTHROPIC_DEFAULT_SONNET_MODEL: 'auto',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'auto',
    });
    expect(claudeCodeSetup.notes(withKey, { ...context, original: existing }).join('\n')).toContain('Removed ANTHROPIC_API_KEY');
  });

  it('uses a placeholder token without a key, and CLAUDE_CONFIG_DIR for the file', () => {
    expect(JSON.parse(claudeCodeSetup.render(withoutKey)).env.ANTHROPIC_AUTH_TOKEN).toBe('anonymous');
    expect(claudeCodeSetup.configFile!({ homeDir: '/home/dana', env: { CLAUDE_CONFIG_DIR: '/etc/claude' } })).toBe(
      '/etc/claude/settings.json',
    );
  });
});

describe('codex', () => {
  it('keeps other providers and tables, names the key variable, and warns that comments go', () => {
    const existing = '# mine\nmodel = "o3"\n\n[model_providers.ollama]\nname = "Ollama"\nbase_url = "http://localhost:11434/v1"\n';
    const merged = parseToml(codexSetup.mergeConfig!(existing, withKey)) as TomlTable;
    expect(merged.model).toBe('auto');
    expect(merged.model_provider).toBe('airlock');
    expect(merged.model_providers.ollama.base_url).toBe('http://localhost:11434/v1');
    expect(merged.model_providers.airlock).toEqual({
      name: 'Airlock',
      base_url: 'http://127.0.0.1:8080/v1',
      wire_api: 'responses',
      env_key: 'AIRLOCK_API_KEY',
    });
    expect(JSON.stringify(merged)).not.toContain('alk_test_key');
    expect(codexSetup.notes(withKey, { ...context, original: existing }).join('\n')).toContain('comments are not kept');
  });

  it('leaves env_key out without a key, since Codex refuses to start when the variable is unset', () => {
    const merged = parseToml(codexSetup.render(withoutKey)) as TomlTable;
    expect(merged.model_providers.airlock).not.toHaveProperty('env_key');
  });
});

describe('opencode', () => {
  it('follows XDG_CONFIG_HOME and refuses to rewrite an opencode.jsonc', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'airlock-opencode-'));
    try {
      const env = { XDG_CONFIG_HOME: path.join(home, 'xdg') };
      expect(opencodeSetup.configFile!({ homeDir: home, env })).toBe(path.join(home, 'xdg', 'opencode', 'opencode.json'));
      mkdirSync(path.join(home, 'xdg', 'opencode'), { recursive: true });
      writeFileSync(path.join(home, 'xdg', 'opencode', 'opencode.jsonc'), '{ // mine\n}');
      expect(() => opencodeSetup.configFile!({ homeDir: home, env })).toThrow('opencode.jsonc has comments');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('sets the main and the small model to the gateway model', () => {
    const config = JSON.parse(opencodeSetup.mergeConfig!('{"small_model": "anthropic/claude-haiku"}', withKey));
    expect(config.model).toBe('airlock/auto');
    expect(config.small_model).toBe('airlock/auto');
    expect(config.provider.airlock.npm).toBe('@ai-sdk/openai-compatible');
  });
});

describe('aider', () => {
  it('writes a placeholder key without one, since aider will not start without a key', () => {
    expect(parseYaml(aiderSetup.render(withoutKey))['openai-api-key']).toBe('anonymous');
  });
});

describe('env', () => {
  it('quotes values so the shell reads them back exactly', () => {
    for (const value of ["it's", 'a b', '$HOME', 'back`tick`', 'plain-value_1']) {
      expect(execFileSync('sh', ['-c', `printf '%s' ${quoteForShell(value)}`], { encoding: 'utf8' })).toBe(value);
    }
  });

  it('leaves the key variables out without a key', () => {
    const exports = envSetup.render(withoutKey);
    expect(exports).toContain('export OPENAI_BASE_URL=http://127.0.0.1:8080/v1\n');
    expect(exports).toContain('export OLLAMA_HOST=http://127.0.0.1:11434\n');
    expect(exports).not.toMatch(/API_KEY|AUTH_TOKEN/);
  });
});

describe('writeConfigFile', () => {
  it('writes through a symlink, so a dotfile manager keeps its link, and backs up the target', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'airlock-symlink-'));
    try {
      mkdirSync(path.join(home, 'dotfiles'));
      writeFileSync(path.join(home, 'dotfiles', 'aider.yml'), 'dark-mode: true\n');
      symlinkSync(path.join(home, 'dotfiles', 'aider.yml'), path.join(home, '.aider.conf.yml'));
      const result = writeConfigFile(path.join(home, '.aider.conf.yml'), (current) => `${current}model: openai/auto\n`, {
        storesKey: false,
      });
      expect(result.status).toBe('updated');
      expect(lstatSync(path.join(home, '.aider.conf.yml')).isSymbolicLink()).toBe(true);
      expect(readFileSync(path.join(home, 'dotfiles', 'aider.yml'), 'utf8')).toBe('dark-mode: true\nmodel: openai/auto\n');
      expect(readdirSync(path.join(home, 'dotfiles')).some((name) => name.startsWith('aider.yml.airlock-backup-'))).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('gives a second backup in the same second its own name', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'airlock-backups-'));
    try {
      const file = path.join(home, 'config.yaml');
      writeFileSync(file, 'a: 1\n');
      const now = new Date('2026-01-02T03:04:05.678Z');
      const first = writeConfigFile(file, () => 'a: 2\n', { storesKey: false, now });
      const second = writeConfigFile(file, () => 'a: 3\n', { storesKey: false, now });
      expect(first).toMatchObject({ backup: `${file}.airlock-backup-20260102T030405Z` });
      expect(second).toMatchObject({ backup: `${file}.airlock-backup-20260102T030405Z-2` });
      expect(readFileSync(`${file}.airlock-backup-20260102T030405Z-2`, 'utf8')).toBe('a: 2\n');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
