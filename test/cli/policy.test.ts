import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeConfigFolder, type ConfigFolder } from '../admin/run-cli.js';

const SECRET = 'AKIAQ3EGRJ7XPL2MVN5T';
let folder: ConfigFolder;

beforeAll(() => {
  folder = writeConfigFolder({
    destinations: {
      local: { kind: 'ollama', baseUrl: 'http://127.0.0.1:11434' },
      openai: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: 'https://api.openai.com/v1' },
    },
    models: { 'gpt-4o': { destination: 'openai' }, coder: { destination: 'local' } },
    policy: {
      rules: [
        {
          name: 'redact-secrets',
          when: { categories: ['secret'], tiers: ['enterprise'] },
          action: 'redact',
          redact: { categories: ['secret'] },
        },
        { name: 'payments-local', when: { repositories: ['acme/payments-*'] }, action: 'reroute', to: 'coder' },
      ],
    },
  });
});

afterAll(() => folder?.remove());

const file = (name: string, text: string): string => {
  const target = path.join(folder.directory, name);
  writeFileSync(target, text);
  return target;
};

describe('airlock policy explain', () => {
  it('prints one JSON object with the decision and no value', async () => {
    const prompt = file('prompt.txt', `deploy with ${SECRET}`);
    const result = await runCli(['policy', 'explain', '--json', '--config', folder.configFile, '--model', 'gpt-4o', prompt]);
    expect(result.exitCode).toBe(0);
    const explanation = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(explanation).toMatchObject({
      classification: 'restricted',
      effectiveClassification: 'public',
      rule: 'redact-secrets',
      action: 'redact',
      model: 'gpt-4o',
      destination: 'openai',
      redactions: [{ category: 'secret', type: 'aws_access_key_id', start: 12, end: 32, mode: 'reversible' }],
    });
    expect(result.stdout).not.toContain(SECRET);
  });

  it('reroutes by repository and masks values in human output', async () => {
    // No secret, so the first rule does not match; the repository rule does.
    const prompt = file('payments.txt', 'ask dana.whitfield@acme-corp.com about refunds');
    const result = await runCli([
      'policy',
      'explain',
      '--config',
      folder.configFile,
      '--model',
      'gpt-4o',
      '--repository',
      'acme/payments-api',
      prompt,
    ]);
    expect(result.stdout).toMatch(/rule:\s+payments-local/);
    expect(result.stdout).toMatch(/destination:\s+local \(model coder\)/);
    expect(result.stdout).toContain('pii/email');
    expect(result.stdout).not.toContain('dana.whitfield@acme-corp.com');
  });
});

describe('airlock policy check', () => {
  it('accepts a valid policy file checked against the config', async () => {
    const policy = file(
      'policy.yaml',
      'rules:\n  - { name: local-only, when: { minClassification: confidential }, action: reroute, to: coder }\n',
    );
    const result = await runCli(['policy', 'check', policy, '--config', folder.configFile]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('valid policy (1 rule');
  });

  it('lists every problem with its path and exits 1', async () => {
    const policy = file(
      'bad-policy.yaml',
      'rules:\n  - { name: a, action: reroute }\n  - { name: b, action: teleport }\nrerouteTo: nowhere\n',
    );
    const result = await runCli(['policy', 'check', policy, '--config', folder.configFile]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('rules[0].to');
    expect(result.stderr).toContain('rules[1].action');
  });
});

describe('airlock policy test', () => {
  it('passes when every expectation holds and fails, naming the field, when one does not', async () => {
    const cases = file(
      'policy-tests.yaml',
      [
        'cases:',
        `  - { name: secret is redacted, input: "key ${SECRET}", model: gpt-4o, expect: { action: redact, destination: openai, redacts: [aws_access_key_id] } }`,
        '  - { name: payments stay local, input: "hello", model: gpt-4o, repository: acme/payments-web, expect: { action: reroute, model: coder } }',
      ].join('\n'),
    );
    const passing = await runCli(['policy', 'test', cases, '--config', folder.configFile]);
    expect(passing.exitCode).toBe(0);
    expect(passing.stdout).toContain('2 passed, 0 failed');
    const wrong = file('wrong-tests.yaml', 'cases:\n  - { name: wrong, input: "hello", model: gpt-4o, expect: { action: block } }\n');
    const failing = await runCli(['policy', 'test', wrong, '--config', folder.configFile]);
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toContain('action: expected block, got allow');
  });
});

describe('airlock config', () => {
  it('check reports every problem with its path, and schema prints the JSON Schema', async () => {
    const bad = file('bad-config.yaml', 'server: { port: "x" }\ndestinations: {}\nmodels: { m: { destination: nowhere } }\n');
    const checked = await runCli(['config', 'check', bad]);
    expect(checked.exitCode).toBe(1);
    expect(checked.stderr).toContain('server.port');
    expect((await runCli(['config', 'check', folder.configFile])).stdout).toContain('valid (2 destinations, 2 models)');
    const schema = JSON.parse((await runCli(['config', 'schema'])).stdout) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe('Airlock configuration');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['destinations', 'models', 'policy', 'inspect', 'audit']));
  });
});
