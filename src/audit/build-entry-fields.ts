import type { Pricing } from '../identity/pricing.js';
import type { LocatedFinding } from '../inspect/types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import type { RequestOutcome } from '../pipeline/request-trace.js';
import { measureUsage } from '../usage/measure-usage.js';
import type { CandidateRoute, EntryFields, FindingSummary } from './audit-entry.js';

/**
 * What a request's entries say, built from its context and trace: who, from where, what was
 * found (types, counts and keyed fingerprints, never values), what the policy decided and why,
 * and how it ended. Nothing here keeps prompt or completion text (a token estimate counts it
 * when a destination reported no usage).
 */

const MAX_CLIENT_LENGTH = 256;

/** Findings grouped by category and type, sorted, with distinct fingerprints (sorted). */
export function summarizeFindings(findings: readonly LocatedFinding[]): FindingSummary[] {
  const groups = new Map<string, { category: string; type: string; count: number; fingerprints: Set<string> }>();
  for (const finding of findings) {
    const key = `${finding.category}\u0000${finding.type}`;
    let group = groups.get(key);
    if (!group) {
      group = { category: finding.category, type: finding.type, count: 0, fingerprints: new Set() };
      groups.set(key, group);
    }
    group.count += 1;
    // A region (an .env block, "this is source code") has no single value worth looking up.
    if (!finding.region) group.fingerprints.add(finding.fingerprint);
  }
  return [...groups.values()]
    .sort((left, right) => (left.category + left.type < right.category + right.type ? -1 : 1))
    .map((group) => ({ category: group.category, type: group.type, count: group.count, fingerprints: [...group.fingerprints].sort() }));
}

/** The decision half: everything known before dispatch. */
export function buildDecisionFields(context: RequestContext): Partial<EntryFields> {
  const { trace, principal, metadata } = context;
  const decision = trace.decision;
  const inspection = trace.inspection;
  const fields: Partial<EntryFields> = {
    request_id: context.id,
    key_id: principal.keyId ?? null,
    user_name: principal.user ?? null,
    team: principal.team ?? null,
    surface: context.surface,
    client: metadata.userAgent?.slice(0, MAX_CLIENT_LENGTH) ?? null,
    operation: trace.operation ?? null,
    stream: trace.stream ?? null,
    requested_model: trace.requestedModel ?? null,
    classification: decision?.classification ?? inspection?.classification ?? null,
    effective_classification: decision?.effectiveClassification ?? null,
    injection: inspection?.injection ?? null,
    findings: inspection ? JSON.stringify(summarizeFindings(inspection.findings)) : null,
  };
  if (decision) {
    const redactions: Record<string, number> = {};
    for (const finding of decision.redactions.keys()) redactions[finding.type] = (redactions[finding.type] ?? 0) + 1;
    const candidates: CandidateRoute[] = decision.candidates.map((model) => ({
      model: model.name,
      destination: model.destination,
      upstreamModel: model.upstream,
    }));
    Object.assign(fields, {
      rule: decision.rule,
      action: decision.action,
      reasons: JSON.stringify(
        decision.wouldBe ? [...decision.reasons, `monitor: would ${decision.wouldBe.action} (${decision.wouldBe.rule})`] : decision.reasons,
      ),
      redactions: JSON.stringify(Object.fromEntries(Object.entries(redactions).sort(([left], [right]) => (left < right ? -1 : 1)))),
      candidates: JSON.stringify(candidates),
      capture: decision.capture,
    });
  }
  return fields;
}

/** Every distinct fingerprint of a request's findings, for the lookup index. */
export function listFingerprints(context: RequestContext): string[] {
  const fingerprints = new Set<string>();
  for (const finding of context.trace.inspection?.findings ?? []) if (!finding.region) fingerprints.add(finding.fingerprint);
  return [...fingerprints];
}

/**
 * The outcome half. Tokens are measured exactly as the usage table measures them (the
 * destination's count, or an estimate marked `estimated`), and cost comes from the pricing table
 * for the destination that answered, so the audit log and usage reports agree.
 */
export function buildOutcomeFields(context: RequestContext, outcome: RequestOutcome, pricing: Pricing): Partial<EntryFields> {
  const { trace } = context;
  const route = trace.route;
  const usage = measureUsage(trace);
  const cost = route
    ? pricing.computeCost({
        destination: route.destination,
        model: route.upstreamModel,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
      }).costMicroUsd
    : 0;
  const errorCode = outcome.errorCode ?? trace.errorCode;
  return {
    status: outcome.status,
    outcome: errorCode ?? (outcome.status < 400 ? 'ok' : 'ERROR'),
    destination: route?.destination ?? null,
    upstream_model: route?.upstreamModel ?? null,
    attempts: trace.attempts ?? null,
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    estimated: usage.estimated ?? false,
    cost_micro_usd: cost,
    latency_ms: Math.round(outcome.latencyMs),
    interrupted: outcome.interrupted ?? false,
  };
}

/** Wall-clock time the request started (its context keeps a monotonic start). */
export function computeStartTime(context: RequestContext): number {
  return Math.round(Date.now() - (performance.now() - context.startedAt));
}
