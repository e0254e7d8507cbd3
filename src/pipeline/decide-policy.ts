import { AirlockError } from '../errors/airlock-error.js';
import type { InspectionResult } from '../inspect/types.js';
import type { PolicyDecision } from '../policy/create-policy-engine.js';
import type { Gateway } from './gateway.js';
import type { Operation } from './operation.js';
import type { RequestContext } from './request-context.js';

/**
 * The decision stage. A policy that throws refuses the request (fail closed); an unknown model
 * is the client's mistake and keeps its own code.
 */
export function decidePolicy(
  gateway: Gateway,
  context: RequestContext,
  operation: Operation,
  inspection: InspectionResult,
): PolicyDecision {
  let decision: PolicyDecision;
  try {
    decision = gateway.policy.evaluate({
      inspection,
      principal: context.principal,
      requestedModel: operation.request.model,
      destination: undefined,
      tier: undefined,
      surface: context.surface,
      metadata: context.metadata,
    });
  } catch (error) {
    if (error instanceof AirlockError && error.code === 'MODEL_NOT_FOUND') throw error;
    gateway.logger.error({ requestId: context.id, err: error }, 'policy evaluation failed');
    throw new AirlockError('POLICY_FAILED', 'The policy could not be evaluated, so the request was not sent anywhere.', { cause: error });
  }
  if (operation.kind === 'embedding') {
    // Embedding models are chosen by name only: a reroute to a chat model would not make sense.
    decision.candidates = decision.candidates.filter((model) => model.kind === 'embedding' || model.name === operation.request.model);
  }
  return decision;
}

/** `x-airlock-*` headers: what the client is told about the decision (never a value). */
export function createDecisionHeaders(context: RequestContext, decision: PolicyDecision, route?: string): Record<string, string> {
  const headers: Record<string, string> = {
    'x-airlock-request-id': context.id,
    'x-airlock-classification': decision.classification,
    'x-airlock-action': decision.action,
    'x-airlock-rule': decision.rule,
  };
  if (route) headers['x-airlock-route'] = route;
  if (decision.redactions.size > 0) headers['x-airlock-redactions'] = String(decision.redactions.size);
  if (decision.wouldBe) headers['x-airlock-would'] = `${decision.wouldBe.action}:${decision.wouldBe.rule}`;
  return headers;
}
