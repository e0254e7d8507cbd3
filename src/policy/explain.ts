import { randomBytes } from 'node:crypto';
import type { Surface } from '../canonical/types.js';
import type { LoadedConfig } from '../config/load-config.js';
import { createInspector, type Inspector } from '../inspect/create-inspector.js';
import type { Classification } from '../inspect/types.js';
import { createModelCatalog } from '../pipeline/model-catalog.js';
import type { Principal } from '../pipeline/request-context.js';
import { createPolicyEngine, type PolicyAction } from './create-policy-engine.js';

export interface ExplainOptions {
  model?: string;
  user?: string;
  team?: string;
  repository?: string;
  path?: string;
  surface?: Surface;
}

/** What the gateway would do with a prompt; never includes a matched value. */
export interface Explanation {
  classification: Classification;
  effectiveClassification: Classification;
  rule: string;
  action: PolicyAction;
  /** The model and destination that would be tried first (null when blocked). */
  model: string | null;
  destination: string | null;
  fallbacks: string[];
  excluded: string[];
  message?: string;
  reasons: string[];
  findings: { category: string; type: string; start: number; end: number; confidence: number }[];
  redactions: { category: string; type: string; start: number; end: number; mode: string }[];
  injection: boolean;
}

/** A reusable explainer over one loaded config (inspector and policy built once). */
export function createExplainer(loaded: LoadedConfig, inspector?: Inspector): (text: string, options?: ExplainOptions) => Explanation {
  const catalog = createModelCatalog(loaded.config);
  const policy = createPolicyEngine(loaded.config.policy, loaded.config, catalog);
  const inspect = inspector ?? createInspector({ config: loaded.config.inspect, fingerprintKey: randomBytes(32) });
  const defaultModel = catalog.find('auto') ? 'auto' : (loaded.config.policy.auto?.[0] ?? catalog.list()[0]?.name ?? 'auto');
  return (text, options = {}) => {
    const model = options.model ?? defaultModel;
    const inspection = inspect.inspectRequest({ model, messages: [{ role: 'user', content: [{ type: 'text', text }] }] });
    const principal: Principal = {
      anonymous: options.user === undefined && options.team === undefined,
      ...(options.user === undefined ? {} : { user: options.user }),
      ...(options.team === undefined ? {} : { team: options.team }),
    };
    const metadata = {
      ...(options.repository === undefined ? {} : { repository: options.repository }),
      ...(options.path === undefined ? {} : { path: options.path }),
    };
    const decision = policy.evaluate({
      inspection,
      principal,
      requestedModel: model,
      destination: undefined,
      tier: undefined,
      surface: options.surface ?? 'openai',
      metadata,
    });
    const first = decision.candidates[0];
    return {
      classification: decision.classification,
      effectiveClassification: decision.effectiveClassification,
      rule: decision.rule,
      action: decision.action,
      model: first?.name ?? null,
      destination: first?.destination ?? null,
      fallbacks: decision.candidates.slice(1).map((candidate) => candidate.name),
      excluded: decision.excluded,
      ...(decision.message === undefined ? {} : { message: decision.message }),
      reasons: decision.reasons,
      findings: inspection.findings.map(({ category, type, start, end, confidence }) => ({ category, type, start, end, confidence })),
      redactions: [...decision.redactions].map(([finding, mode]) => ({
        category: finding.category,
        type: finding.type,
        start: finding.start,
        end: finding.end,
        mode,
      })),
      injection: inspection.injection,
    };
  };
}
