import type { ConfigProblem } from './config-error.js';
import type { Config } from './schema.js';

/** Checks what the schema alone cannot: references between sections and the consumer-tier ban. */
export function checkConfigReferences(config: Config): { problems: ConfigProblem[]; warnings: string[] } {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  for (const [name, destination] of Object.entries(config.destinations)) {
    if (destination.tier !== 'consumer') continue;
    if (config.allowConsumer) {
      warnings.push(`destination "${name}" is a consumer tier endpoint; allowConsumer is on, so company data may reach it`);
    } else {
      problems.push({
        path: `destinations.${name}.tier`,
        message: 'consumer destinations are refused; set allowConsumer: true to accept the risk explicitly',
      });
    }
  }
  const seen = new Map<string, string>();
  for (const [name, model] of Object.entries(config.models)) {
    if (!(model.destination in config.destinations)) {
      problems.push({
        path: `models.${name}.destination`,
        message: `unknown destination "${model.destination}" (have: ${Object.keys(config.destinations).join(', ') || 'none'})`,
      });
    }
    for (const [index, fallback] of model.fallbacks.entries()) {
      if (!(fallback in config.models))
        problems.push({ path: `models.${name}.fallbacks[${index}]`, message: `unknown model "${fallback}"` });
      if (fallback === name) problems.push({ path: `models.${name}.fallbacks[${index}]`, message: 'a model cannot fall back to itself' });
    }
    for (const [index, label] of [name, ...model.aliases].entries()) {
      const owner = seen.get(label);
      if (owner !== undefined && owner !== name) {
        problems.push({
          path: index === 0 ? `models.${name}` : `models.${name}.aliases[${index - 1}]`,
          message: `"${label}" is already used by model "${owner}"`,
        });
      }
      seen.set(label, name);
    }
  }
  checkPolicyReferences(config, seen, problems);
  return { problems, warnings };
}

function checkPolicyReferences(config: Config, models: Map<string, string>, problems: ConfigProblem[]): void {
  const policy = config.policy;
  const destinations = new Set(Object.keys(config.destinations));
  for (const section of ['clearance', 'approvedModels'] as const) {
    for (const name of Object.keys(policy[section])) {
      if (!destinations.has(name)) problems.push({ path: `policy.${section}.${name}`, message: `unknown destination "${name}"` });
    }
  }
  const modelReferences: [string, string | undefined][] = [
    ['policy.rerouteTo', policy.rerouteTo],
    ...(policy.auto ?? []).map((name, index): [string, string] => [`policy.auto[${index}]`, name]),
    ...policy.rules.map((rule, index): [string, string | undefined] => [`policy.rules[${index}].to`, rule.to]),
  ];
  for (const [path, name] of modelReferences) {
    if (name !== undefined && !models.has(name)) problems.push({ path, message: `unknown model "${name}"` });
  }
  const names = new Set<string>();
  policy.rules.forEach((rule, index) => {
    if (names.has(rule.name)) problems.push({ path: `policy.rules[${index}].name`, message: `duplicate rule name "${rule.name}"` });
    names.add(rule.name);
  });
}
