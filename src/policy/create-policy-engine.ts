import type { Config } from '../config/schema.js';
import { createClassifier } from '../inspect/classify.js';
import type { Classification, LocatedFinding } from '../inspect/types.js';
import type { ModelCatalog, ModelEntry } from '../pipeline/model-catalog.js';
import type { RedactionMode } from '../redact/redact-request.js';
import { defaultClearance, isCleared } from './clearance.js';
import { compileRuleMatcher, type RuleSubject } from './compile-rule.js';
import { compileGlobs } from './glob.js';
import type { Policy, PolicyRule } from './schema.js';

export type PolicyAction = 'allow' | 'redact' | 'reroute' | 'block' | 'monitor';

/** What the policy decided for one request; reasons never quote a value. */
export interface PolicyDecision {
  action: PolicyAction;
  /** The rule that decided: a rule name, `default`, `clearance` or `approved-models`. */
  rule: string;
  reasons: string[];
  /** Classification of the request as received. */
  classification: Classification;
  /** Classification of what is actually sent, after redaction. */
  effectiveClassification: Classification;
  /** The model to send to, then its cleared fallbacks; empty when blocked. */
  candidates: ModelEntry[];
  /** Fallbacks left out because they are not cleared or not approved. */
  excluded: string[];
  /** Findings to replace, and how. */
  redactions: Map<LocatedFinding, RedactionMode>;
  capture: boolean;
  /** For block: what the user is told. */
  message?: string;
  /** For monitor: what enforcing the policy would have done. */
  wouldBe?: { action: PolicyAction; rule: string; model?: string };
}

export interface PolicyEngine {
  evaluate(subject: RuleSubject): PolicyDecision;
  clearanceOf(destination: string): Classification;
  /** Whether a configured model may be used at all (approved list). */
  isApproved(model: ModelEntry): boolean;
}

interface CompiledRule {
  rule: PolicyRule;
  matches: (subject: RuleSubject) => boolean;
}

const DEFAULT_REDACT_CATEGORIES = new Set(['secret', 'pii']);

export function createPolicyEngine(policy: Policy, config: Pick<Config, 'destinations' | 'inspect'>, catalog: ModelCatalog): PolicyEngine {
  const classifier = createClassifier(config.inspect.classification);
  const rules: CompiledRule[] = policy.rules.map((rule) => ({ rule, matches: compileRuleMatcher(rule) }));
  const clearance = new Map<string, Classification>();
  for (const [name, destination] of Object.entries(config.destinations))
    clearance.set(name, policy.clearance[name] ?? defaultClearance(destination));
  const approved = new Map(Object.entries(policy.approvedModels).map(([destination, patterns]) => [destination, compileGlobs(patterns)]));
  const irreversible = new Set(policy.irreversible);
  const clearanceOf = (destination: string): Classification => clearance.get(destination) ?? 'public';
  const isApproved = (model: ModelEntry): boolean => approved.get(model.destination)?.(model.upstream) ?? true;
  const usable = (model: ModelEntry, level: Classification): boolean =>
    isApproved(model) && isCleared(clearanceOf(model.destination), level);
  const rerouteTarget = policy.rerouteTo
    ? catalog.resolve(policy.rerouteTo)
    : catalog.list().find((model) => config.destinations[model.destination]?.tier === 'local' && model.kind === 'chat');
  const autoModels = (
    policy.auto ??
    catalog
      .list()
      .filter((model) => model.kind === 'chat')
      .map((model) => model.name)
  ).map((name) => catalog.resolve(name));

  function selectRedactions(rule: PolicyRule | undefined, findings: readonly LocatedFinding[]): Map<LocatedFinding, RedactionMode> {
    const selected = new Map<LocatedFinding, RedactionMode>();
    if (!rule || rule.action !== 'redact') return selected;
    const categories = rule.redact?.categories
      ? new Set<string>(rule.redact.categories)
      : rule.redact?.types
        ? undefined
        : DEFAULT_REDACT_CATEGORIES;
    const types = rule.redact?.types ? new Set(rule.redact.types) : undefined;
    for (const finding of findings) {
      // A region (an .env block, "this is source code") is context, not a value: never replaced.
      if (finding.region) continue;
      if (!(categories?.has(finding.category) || types?.has(finding.type))) continue;
      selected.set(finding, irreversible.has(finding.type) || rule.redact?.mode === 'irreversible' ? 'irreversible' : 'reversible');
    }
    return selected;
  }

  function decide(subject: RuleSubject, requested: ModelEntry | undefined, startAt: number): PolicyDecision {
    const index = rules.findIndex((compiled, position) => position >= startAt && compiled.matches(subject));
    const matched = index === -1 ? undefined : rules[index];
    const rule = matched?.rule;
    const { classification, findings } = subject.inspection;
    const base: PolicyDecision = {
      action: rule?.action ?? policy.defaultAction,
      rule: rule?.name ?? 'default',
      reasons: [rule ? `rule "${rule.name}" matched` : 'no rule matched'],
      classification,
      effectiveClassification: classification,
      candidates: [],
      excluded: [],
      redactions: new Map(),
      capture: rule?.capture ?? false,
    };
    if (base.action === 'block') return { ...base, message: rule?.message ?? policy.defaultMessage };
    if (base.action === 'monitor') {
      const enforced = decide(subject, requested, index + 1);
      const target = requested ?? autoModels[0];
      return {
        ...base,
        candidates: target ? [target] : [],
        reasons: [...base.reasons, `monitor only: would ${enforced.action} (${enforced.rule})`],
        wouldBe: {
          action: enforced.action,
          rule: enforced.rule,
          ...(enforced.candidates[0] ? { model: enforced.candidates[0].name } : {}),
        },
      };
    }
    const redactions = selectRedactions(rule, findings);
    const remaining = redactions.size === 0 ? findings : findings.filter((finding) => !redactions.has(finding));
    const effective = classifier.classify(remaining);
    const decision: PolicyDecision = { ...base, redactions, effectiveClassification: effective };
    let target = base.action === 'reroute' && rule?.to ? resolveReroute(rule.to) : requested;
    if (!target) target = autoModels.find((model) => usable(model, effective)) ?? autoModels[0];
    if (!target) return block(decision, 'clearance', 'No model is configured for automatic routing.');
    if (!isApproved(target)) {
      return block(
        decision,
        'approved-models',
        `The model "${target.name}" is not on the approved list for destination "${target.destination}".`,
      );
    }
    if (!isCleared(clearanceOf(target.destination), effective)) {
      const reason = `${effective} data may not go to destination "${target.destination}" (cleared for ${clearanceOf(target.destination)})`;
      if (policy.onUncleared === 'block' || !rerouteTarget || !usable(rerouteTarget, effective)) {
        return block(decision, 'clearance', `This request contains ${effective} data and may not be sent to "${target.name}".`, reason);
      }
      decision.reasons.push(reason);
      if (decision.action === 'allow' || decision.action === 'redact') decision.rule = 'clearance';
      decision.action = 'reroute';
      target = rerouteTarget;
    }
    const chain = [target, ...target.fallbacks.map((name) => catalog.resolve(name))];
    decision.candidates = chain.filter((model) => usable(model, effective));
    decision.excluded = chain.filter((model) => !usable(model, effective)).map((model) => model.name);
    return decision;
  }

  function resolveReroute(name: string): ModelEntry {
    return catalog.resolve(name);
  }

  function block(decision: PolicyDecision, rule: string, message: string, reason?: string): PolicyDecision {
    return { ...decision, action: 'block', rule, message, candidates: [], reasons: [...decision.reasons, reason ?? message] };
  }

  return {
    evaluate(subject) {
      const requested = subject.requestedModel === 'auto' && !catalog.find('auto') ? undefined : catalog.resolve(subject.requestedModel);
      return decide(
        { ...subject, destination: requested?.destination, tier: requested ? config.destinations[requested.destination]?.tier : undefined },
        requested,
        0,
      );
    },
    clearanceOf,
    isApproved,
  };
}
