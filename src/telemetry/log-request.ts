import type { RequestContext } from '../pipeline/request-context.js';
import type { RequestOutcome } from '../pipeline/request-trace.js';
import type { Logger } from './logger.js';

/** Finding counts by `category/type`: what was found, never the value. */
function countFindings(context: RequestContext): Record<string, number> | undefined {
  const findings = context.trace.inspection?.findings;
  if (!findings?.length) return undefined;
  const counts: Record<string, number> = {};
  for (const finding of findings) {
    const key = `${finding.category}/${finding.type}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * One structured line per request (an afterResponse observer): who, which surface and model,
 * the classification, finding types and counts, the decision and route, and how it ended. It
 * carries no prompt or completion text and no matched value, only what the audit log keeps.
 */
export function createRequestLogger(logger: Logger): (context: RequestContext, outcome: RequestOutcome) => void {
  return (context, outcome) => {
    if (!logger.isLevelEnabled('info')) return;
    const { trace, principal } = context;
    logger.info(
      {
        requestId: context.id,
        surface: context.surface,
        user: principal.user,
        team: principal.team,
        keyId: principal.keyId,
        model: trace.requestedModel,
        classification: trace.inspection?.classification,
        findings: countFindings(context),
        injection: trace.inspection?.injection || undefined,
        action: trace.decision?.action,
        rule: trace.decision?.rule,
        redactions: trace.decision?.redactions.size || undefined,
        route: trace.route ? `${trace.route.destination}/${trace.route.upstreamModel}` : undefined,
        outputFindings: trace.outputFindings?.length || undefined,
        inputTokens: trace.usage?.inputTokens,
        outputTokens: trace.usage?.outputTokens,
        status: outcome.status,
        code: outcome.errorCode,
        interrupted: outcome.interrupted,
        latencyMs: Math.round(outcome.latencyMs * 10) / 10,
      },
      'request',
    );
  };
}
