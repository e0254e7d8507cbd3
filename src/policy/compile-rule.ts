import type { Surface } from '../canonical/types.js';
import type { Tier } from '../config/schema.js';
import { CLASSIFICATIONS, type Classification, type InspectionResult } from '../inspect/types.js';
import type { Principal, RequestContext } from '../pipeline/request-context.js';
import { compileGlobs } from './glob.js';
import type { PolicyRule } from './schema.js';

/** Everything a rule may look at. */
export interface RuleSubject {
  inspection: InspectionResult;
  principal: Principal;
  requestedModel: string;
  destination: string | undefined;
  tier: Tier | undefined;
  surface: Surface;
  metadata: RequestContext['metadata'];
}

export type RuleMatcher = (subject: RuleSubject) => boolean;

const rank = (level: Classification): number => CLASSIFICATIONS.indexOf(level);

/** Turns a rule's `when` into one predicate; every condition given must hold (AND), lists are OR. */
export function compileRuleMatcher(rule: PolicyRule): RuleMatcher {
  const when = rule.when;
  const checks: RuleMatcher[] = [];
  if (when.classification) {
    const levels = new Set<Classification>(when.classification);
    checks.push((subject) => levels.has(subject.inspection.classification));
  }
  if (when.minClassification) {
    const minimum = rank(when.minClassification);
    checks.push((subject) => rank(subject.inspection.classification) >= minimum);
  }
  if (when.categories) {
    const categories = new Set<string>(when.categories);
    checks.push((subject) => subject.inspection.findings.some((finding) => categories.has(finding.category)));
  }
  if (when.types) {
    const types = new Set(when.types);
    checks.push((subject) => subject.inspection.findings.some((finding) => types.has(finding.type)));
  }
  if (when.injection !== undefined) {
    const wanted = when.injection;
    checks.push((subject) => subject.inspection.injection === wanted);
  }
  if (when.tiers) {
    const tiers = new Set<string>(when.tiers);
    checks.push((subject) => subject.tier !== undefined && tiers.has(subject.tier));
  }
  if (when.surfaces) {
    const surfaces = new Set<string>(when.surfaces);
    checks.push((subject) => surfaces.has(subject.surface));
  }
  const globChecks: [string[] | undefined, (subject: RuleSubject) => string | undefined][] = [
    [when.users, (subject) => subject.principal.user],
    [when.models, (subject) => subject.requestedModel],
    [when.destinations, (subject) => subject.destination],
    [when.repositories, (subject) => subject.metadata.repository],
    [when.paths, (subject) => subject.metadata.path],
  ];
  if (when.teams) {
    // An SSO user may belong to several teams: the rule matches if any of them does.
    const matches = compileGlobs(when.teams);
    checks.push((subject) => (subject.principal.teams ?? [subject.principal.team]).some((team) => matches(team)));
  }
  for (const [patterns, read] of globChecks) {
    if (!patterns) continue;
    const matches = compileGlobs(patterns);
    checks.push((subject) => matches(read(subject)));
  }
  return (subject) => checks.every((check) => check(subject));
}
