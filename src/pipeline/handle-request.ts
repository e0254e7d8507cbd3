import { AirlockError } from '../errors/airlock-error.js';
import type { InspectionResult } from '../inspect/types.js';
import type { Gateway } from './gateway.js';
import type { RequestContext } from './request-context.js';
import type { GatewayReply, Operation } from './operation.js';
import { dispatch, type Candidate } from './dispatch.js';
import { callCandidate } from './call-candidate.js';
import type { ModelEntry } from './model-catalog.js';

/**
 * The request lifecycle, written once: every surface calls this and nothing else, so no
 * surface can skip a stage. Order: resolve model → inspect → decide → dispatch → reply.
 */
export async function handleRequest(gateway: Gateway, context: RequestContext, operation: Operation): Promise<GatewayReply> {
  const requested = gateway.catalog.resolve(operation.request.model);
  const inspection = inspectOperation(gateway, operation);
  const candidates = planCandidates(gateway, requested);
  const dispatched = await dispatch(candidates, (candidate) => callCandidate(candidate, operation, context), {
    signal: context.signal,
    logger: gateway.logger,
    requestId: context.id,
  });
  const { model, provider } = dispatched.candidate;
  const route = { model: model.name, destination: provider.id, upstreamModel: model.upstream };
  const action = 'allow';
  return {
    requestId: context.id,
    route,
    classification: inspection.classification,
    action,
    headers: {
      'x-airlock-request-id': context.id,
      'x-airlock-classification': inspection.classification,
      'x-airlock-route': `${provider.id}/${model.upstream}`,
      'x-airlock-action': action,
    },
    result: dispatched.value,
  };
}

/** Inspection fails closed: if a detector throws, nothing is forwarded. */
function inspectOperation(gateway: Gateway, operation: Operation): InspectionResult {
  try {
    return gateway.inspector.inspectRequest(operation.request);
  } catch (error) {
    gateway.logger.error({ err: error }, 'inspection failed');
    throw new AirlockError('INSPECTION_FAILED', 'The request could not be inspected, so it was not sent anywhere.', { cause: error });
  }
}

/** The requested model first, then its configured fallbacks, each on its destination. */
function planCandidates(gateway: Gateway, requested: ModelEntry): Candidate[] {
  const models = [requested, ...requested.fallbacks.map((name) => gateway.catalog.resolve(name))];
  return models.map((model) => {
    const provider = gateway.providers.get(model.destination);
    const destination = gateway.loaded.config.destinations[model.destination];
    if (!provider || !destination) throw new AirlockError('INTERNAL', 'Model refers to a missing destination.');
    return { model, provider, retries: destination.retries };
  });
}
