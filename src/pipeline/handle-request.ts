import { listTexts } from '../canonical/texts.js';
import { AirlockError } from '../errors/airlock-error.js';
import type { ChatRequest } from '../canonical/types.js';
import { estimateInputTokens } from '../identity/estimate-tokens.js';
import type { Classification, InspectionResult } from '../inspect/types.js';
import type { PolicyDecision } from '../policy/create-policy-engine.js';
import { redactRequest } from '../redact/redact-request.js';
import { restoreResponse, restoreStream } from '../redact/restore.js';
import { createVault, type Vault } from '../redact/vault.js';
import { callCandidate } from './call-candidate.js';
import { createDecisionHeaders, decidePolicy } from './decide-policy.js';
import { dispatch, type Candidate } from './dispatch.js';
import type { Gateway } from './gateway.js';
import type { ModelEntry } from './model-catalog.js';
import type { GatewayReply, Operation } from './operation.js';
import type { RequestContext } from './request-context.js';
import { checkRetention } from './check-retention.js';
import { observeStream } from './observe-stream.js';
import { maskStreamedText } from './mask-stream.js';
import { inspectOutputResponse, inspectOutputText } from './inspect-output.js';
import type { GenerateResponse, StreamEvent } from '../canonical/types.js';

/**
 * The request lifecycle, written once: every surface calls this and nothing else, so no surface
 * can skip a stage. Order: inspect → decide → redact → dispatch (only to cleared destinations)
 * → restore. Later stages (limits, audit) slot in here and nowhere else.
 */
export async function handleRequest(gateway: Gateway, context: RequestContext, operation: Operation): Promise<GatewayReply> {
  const trace = context.trace;
  trace.operation = operation.kind;
  trace.stream = (operation.kind === 'chat' || operation.kind === 'completion') && operation.stream;
  trace.requestedModel = operation.request.model;
  const inspection = inspectOperation(gateway, operation);
  trace.inspection = inspection;
  const decision = decidePolicy(gateway, context, operation, inspection);
  trace.decision = decision;
  const headers = createDecisionHeaders(context, decision);
  if (decision.action === 'block') {
    throw new AirlockError('POLICY_BLOCKED', decision.message ?? 'Blocked by policy.', { headers });
  }
  if (decision.candidates.length === 0) {
    throw new AirlockError('NO_CLEARED_DESTINATION', `No destination cleared for ${decision.effectiveClassification} data is configured.`, {
      headers,
    });
  }
  checkRetention(gateway, operation, decision.candidates, headers);

  const vault = createVault(decision.redactions.size > 0 ? listTexts(operation.request).map((target) => target.text) : []);
  const redacted = redactRequest(operation.request, inspection.findings, (finding) => decision.redactions.get(finding), vault);
  const prepared = { ...operation, request: redacted.request } as Operation;
  trace.inputTexts = listTexts(prepared.request).map((target) => target.text);
  for (const hook of gateway.hooks.beforeDispatch) await hook(context);
  if (context.responseHeaders) Object.assign(headers, context.responseHeaders);
  if (operation.kind === 'count-tokens') return countLocally(context, operation.request, decision, inspection.classification, headers);
  const candidates = decision.candidates.map((model) => createCandidate(gateway, model));
  let dispatched;
  try {
    dispatched = await dispatch(candidates, (candidate) => callCandidate(candidate, prepared, context), {
      signal: context.signal,
      logger: gateway.logger,
      requestId: context.id,
    });
  } catch (error) {
    throw explainFailure(error, decision.excluded, decision.effectiveClassification, headers);
  }
  const { model, provider } = dispatched.candidate;
  headers['x-airlock-route'] = `${provider.id}/${model.upstream}`;
  const route = { model: model.name, destination: provider.id, upstreamModel: model.upstream };
  trace.route = route;
  trace.attempts = dispatched.attempts;
  const result = dispatched.value;
  if (result.type === 'generate' || result.type === 'embedding') trace.usage = result.response.usage;
  // Without reported usage the output is kept (in memory only) so usage can estimate its tokens;
  // a policy rule with `capture` keeps it for the audit log, which stores it encrypted.
  if (result.type === 'generate' && (!result.response.usage || decision.capture)) {
    trace.outputText = [result.response.text, ...result.response.toolCalls.map((call) => call.name + call.arguments)];
  }
  return {
    requestId: context.id,
    route,
    classification: inspection.classification,
    action: decision.action,
    headers,
    result:
      result.type === 'generate'
        ? { type: 'generate', response: inspectAnswer(gateway, context, restoreResponse(result.response, vault), headers) }
        : result.type === 'stream'
          ? { type: 'stream', events: prepareStream(gateway, context, result.events, inspection, vault) }
          : result,
  };
}

/**
 * Answers a token count without dispatching: it ran every stage above (so a blocked prompt is
 * blocked here too) and is counted locally on the text the client sent. Nothing was generated,
 * so its usage is zero. The route names where the prompt would have gone.
 */
function countLocally(
  context: RequestContext,
  request: ChatRequest,
  decision: PolicyDecision,
  classification: Classification,
  headers: Record<string, string>,
): GatewayReply {
  const [model] = decision.candidates;
  if (!model) throw new AirlockError('INTERNAL', 'No candidate for a cleared request.');
  context.trace.usage = { inputTokens: 0, outputTokens: 0 };
  return {
    requestId: context.id,
    route: { model: model.name, destination: model.destination, upstreamModel: model.upstream },
    classification,
    action: decision.action,
    headers,
    result: { type: 'count', inputTokens: estimateInputTokens(request) },
  };
}

/**
 * The answer stream on its way back: observed for usage and output findings, placeholders
 * restored, and (with `policy.output.streaming: mask`) new secrets masked before they are sent.
 */
function prepareStream(
  gateway: Gateway,
  context: RequestContext,
  events: AsyncIterable<StreamEvent>,
  inspection: InspectionResult,
  vault: Vault,
): AsyncIterable<StreamEvent> {
  const output = gateway.loaded.config.policy.output;
  const observed = observeStream(events, context, (text) => inspectOutputText(text, gateway.inspector, inspection, output).findings);
  const restored = restoreStream(observed, vault);
  if (output.streaming !== 'mask') return restored;
  return maskStreamedText(restored, (text) => inspectOutputText(text, gateway.inspector, inspection, output).text);
}

/** Output inspection of a finished answer: mask or flag what the request did not carry. */
function inspectAnswer(
  gateway: Gateway,
  context: RequestContext,
  response: GenerateResponse,
  headers: Record<string, string>,
): GenerateResponse {
  const { inspection } = context.trace;
  if (!inspection) return response;
  const checked = inspectOutputResponse(response, gateway.inspector, inspection, gateway.loaded.config.policy.output);
  context.trace.outputFindings = checked.findings;
  if (checked.findings.length > 0) headers['x-airlock-output-findings'] = String(checked.findings.length);
  return checked.response;
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

function createCandidate(gateway: Gateway, model: ModelEntry): Candidate {
  const provider = gateway.providers.get(model.destination);
  const destination = gateway.loaded.config.destinations[model.destination];
  if (!provider || !destination) throw new AirlockError('INTERNAL', 'Model refers to a missing destination.');
  return { model, provider, retries: destination.retries };
}

/**
 * When every cleared destination failed and others were left out for clearance, say so: the
 * request failed closed rather than going somewhere it may not.
 */
function explainFailure(error: unknown, excluded: string[], classification: string, headers: Record<string, string>): unknown {
  if (!(error instanceof AirlockError)) return error;
  if (excluded.length === 0) return new AirlockError(error.code, error.message, { ...optionsOf(error), headers });
  return new AirlockError(
    'NO_CLEARED_DESTINATION',
    `Every destination cleared for ${classification} data failed (${error.code}); ${excluded.length} fallback(s) not cleared for it were not tried.`,
    { cause: error, headers },
  );
}

function optionsOf(error: AirlockError) {
  return {
    cause: error.cause,
    isRetryable: error.isRetryable,
    ...(error.param === undefined ? {} : { param: error.param }),
    ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
  };
}
