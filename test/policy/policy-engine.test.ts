import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load-config.js';
import type { ConfigInput } from '../../src/config/schema.js';
import type { InspectionResult, LocatedFinding } from '../../src/inspect/types.js';
import { createPolicyEngine } from '../../src/policy/create-policy-engine.js';
import type { RuleSubject } from '../../src/policy/compile-rule.js';
import { createModelCatalog } from '../../src/pipeline/model-catalog.js';

const destinations = {
  local: { kind: 'embedded', modelPath: 'x.gguf' },
  openai: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: 'https://api.openai.com/v1' },
  vendor: { kind: 'openai-compatible', tier: 'enterprise', retention: 30, baseUrl: 'https://vendor.example/v1' },
} as const;
const models = {
  'gpt-4o': { destination: 'openai', fallbacks: ['vendor-model', 'local'] },
  'vendor-model': { destination: 'vendor' },
  local: { destination: 'local' },
};

function engineFor(policy?: ConfigInput['policy']) {
  const loaded = validateConfig({ destinations, models, ...(policy ? { policy } : {}) }, 'test', '/tmp');
  return createPolicyEngine(loaded.config.policy, loaded.config, createModelCatalog(loaded.config));
}

function finding(category: LocatedFinding['category'], type: string, extra: Partial<LocatedFinding> = {}): LocatedFinding {
  return { category, type, start: 0, end: 5, confidence: 0.9, fingerprint: 'f', path: 'messages[0].content[0]', ...extra };
}

const LEVEL = { secret: 'restricted', pii: 'confidential', config: 'confidential', code: 'confidential', injection: 'public' } as const;

function subject(findings: LocatedFinding[], requestedModel = 'gpt-4o', extra: Partial<RuleSubject> = {}): RuleSubject {
  const order = ['public', 'internal', 'confidential', 'restricted'];
  const classification = findings.reduce<InspectionResult['classification']>(
    (highest, item) => (order.indexOf(LEVEL[item.category]) > order.indexOf(highest) ? LEVEL[item.category] : highest),
    'public',
  );
  return {
    inspection: { classification, findings, injection: findings.some((item) => item.category === 'injection') },
    principal: { anonymous: true },
    requestedModel,
    destination: undefined,
    tier: undefined,
    surface: 'openai',
    metadata: {},
    ...extra,
  };
}

describe('built-in policy', () => {
  const engine = engineFor();

  it('lets public data go to the requested enterprise model with its cleared fallbacks', () => {
    const decision = engine.evaluate(subject([]));
    expect(decision).toMatchObject({ action: 'allow', rule: 'default', effectiveClassification: 'public' });
    expect(decision.candidates.map((model) => model.name)).toEqual(['gpt-4o', 'vendor-model', 'local']);
  });

  it('redacts secrets bound for a cloud model, then lets it go to zero-retention destinations only', () => {
    const secret = finding('secret', 'aws_access_key_id');
    const email = finding('pii', 'email', { start: 10, end: 20 });
    const decision = engine.evaluate(subject([secret, email]));
    expect(decision).toMatchObject({
      action: 'redact',
      rule: 'redact-secrets-leaving-the-machine',
      classification: 'restricted',
      effectiveClassification: 'confidential',
    });
    expect([...decision.redactions]).toEqual([[secret, 'reversible']]);
    // vendor keeps data 30 days: cleared for internal only, so it is no fallback for confidential data.
    expect(decision.candidates.map((model) => model.name)).toEqual(['gpt-4o', 'local']);
    expect(decision.excluded).toEqual(['vendor-model']);
  });

  it('masks private keys irreversibly', () => {
    const key = finding('secret', 'private_key');
    expect([
      ...engineFor()
        .evaluate(subject([key]))
        .redactions.values(),
    ]).toEqual(['irreversible']);
  });

  it('reroutes what is still too sensitive after redaction to the local model', () => {
    const kubeconfig = finding('config', 'kubeconfig', { region: true });
    const decision = engine.evaluate(subject([kubeconfig], 'vendor-model'));
    expect(decision).toMatchObject({ action: 'reroute', rule: 'clearance', effectiveClassification: 'confidential' });
    expect(decision.candidates.map((model) => model.name)).toEqual(['local']);
  });

  it('sends secrets to a local model unredacted', () => {
    const decision = engine.evaluate(subject([finding('secret', 'github_token')], 'local'));
    expect(decision).toMatchObject({ action: 'allow', effectiveClassification: 'restricted' });
    expect(decision.redactions.size).toBe(0);
    expect(decision.candidates.map((model) => model.name)).toEqual(['local']);
  });

  it('auto picks the first cleared model', () => {
    expect(engine.evaluate(subject([])).candidates[0]?.name).toBe('gpt-4o');
    const decision = engine.evaluate(subject([finding('config', 'kubeconfig', { region: true })], 'auto'));
    expect(decision.candidates[0]?.name).toBe('gpt-4o');
  });
});

describe('configured rules', () => {
  it('first match wins: block with a message, reroute by team and repository', () => {
    const engine = engineFor({
      rules: [
        { name: 'no-injection', when: { injection: true }, action: 'block', message: 'Prompt injection found.' },
        { name: 'payments-local', when: { repositories: 'acme/payments-*', teams: ['billing'] }, action: 'reroute', to: 'local' },
        { name: 'pii-redact', when: { categories: 'pii' }, action: 'redact', redact: { categories: ['pii'] } },
      ],
    });
    const injected = engine.evaluate(subject([finding('injection', 'instruction_override')]));
    expect(injected).toMatchObject({ action: 'block', rule: 'no-injection', message: 'Prompt injection found.', candidates: [] });
    const payments = engine.evaluate(
      subject([], 'gpt-4o', { principal: { anonymous: false, team: 'billing' }, metadata: { repository: 'acme/payments-api' } }),
    );
    expect(payments).toMatchObject({ action: 'reroute', rule: 'payments-local' });
    expect(payments.candidates.map((model) => model.name)).toEqual(['local']);
    const otherRepository = engine.evaluate(
      subject([], 'gpt-4o', { principal: { anonymous: false, team: 'billing' }, metadata: { repository: 'acme/web' } }),
    );
    expect(otherRepository.action).toBe('allow');
    const pii = engine.evaluate(subject([finding('pii', 'email')], 'vendor-model'));
    expect(pii).toMatchObject({ action: 'redact', effectiveClassification: 'public' });
    expect(pii.candidates.map((model) => model.name)).toEqual(['vendor-model']);
  });

  it("matches a team rule against any of an SSO user's teams", () => {
    const engine = engineFor({ rules: [{ name: 'platform-local', when: { teams: 'platform' }, action: 'reroute', to: 'local' }] });
    const member = engine.evaluate(subject([], 'gpt-4o', { principal: { anonymous: false, team: 'web', teams: ['web', 'platform'] } }));
    expect(member).toMatchObject({ action: 'reroute', rule: 'platform-local' });
    const other = engine.evaluate(subject([], 'gpt-4o', { principal: { anonymous: false, team: 'web', teams: ['web'] } }));
    expect(other.action).toBe('allow');
  });

  it('blocks instead of rerouting when onUncleared is block', () => {
    const engine = engineFor({ onUncleared: 'block' });
    const decision = engine.evaluate(subject([finding('pii', 'email')], 'vendor-model'));
    expect(decision).toMatchObject({ action: 'block', rule: 'clearance' });
    expect(decision.message).toMatch(/confidential data/);
  });

  it('refuses models that are not on the approved list', () => {
    const engine = engineFor({ approvedModels: { openai: ['gpt-4.1*'] } });
    expect(engine.evaluate(subject([]))).toMatchObject({ action: 'block', rule: 'approved-models' });
    expect(
      engine.isApproved({ name: 'x', destination: 'openai', upstream: 'gpt-4.1-mini', aliases: [], fallbacks: [], kind: 'chat' }),
    ).toBe(true);
  });

  it('monitor decides and records what would happen but changes nothing', () => {
    const engine = engineFor({
      rules: [
        { name: 'watch-billing', when: { teams: 'billing' }, action: 'monitor' },
        { name: 'block-secrets', when: { categories: 'secret' }, action: 'block' },
      ],
    });
    const decision = engine.evaluate(
      subject([finding('secret', 'aws_access_key_id')], 'gpt-4o', { principal: { anonymous: false, team: 'billing' } }),
    );
    expect(decision).toMatchObject({ action: 'monitor', rule: 'watch-billing', wouldBe: { action: 'block', rule: 'block-secrets' } });
    expect(decision.redactions.size).toBe(0);
    expect(decision.candidates.map((model) => model.name)).toEqual(['gpt-4o']);
  });

  it('honours clearance overrides', () => {
    const engine = engineFor({ clearance: { openai: 'internal' } });
    const decision = engine.evaluate(subject([finding('pii', 'email')]));
    expect(decision).toMatchObject({ action: 'reroute', rule: 'clearance' });
  });
});
