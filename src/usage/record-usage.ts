import type { Usage } from '../canonical/types.js';
import type { ErrorCode } from '../errors/codes.js';
import type { Pricing } from '../identity/pricing.js';
import type { Limiter } from '../limits/types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import type { RequestOutcome } from '../pipeline/request-trace.js';
import type { UsageRecord } from '../store/types.js';
import type { Logger } from '../telemetry/logger.js';
import type { Admissions } from './admissions.js';
import { measureUsage } from './measure-usage.js';
import type { UsageWriter } from './usage-writer.js';

export interface UsageHookOptions {
  /** Where rows go: written in batches (group commit). */
  writer: UsageWriter;
  limiter: Limiter;
  pricing: Pricing;
  admissions: Admissions;
  logger: Logger;
  /** Whether a destination is local (unpriced local models are expected; unpriced cloud ones are warned about once). */
  isLocal: (destination: string) => boolean;
}

/**
 * Whether an admitted request was sent to a destination: it was answered (a route is set), or
 * dispatch failed at the destination, or the client left while it was out.
 */
function reachedDestination(context: RequestContext, errorCode: ErrorCode | undefined): boolean {
  if (context.trace.route !== undefined) return true;
  if (errorCode === undefined) return false;
  return errorCode.startsWith('UPSTREAM_') || errorCode === 'NO_CLEARED_DESTINATION' || errorCode === 'CLIENT_DISCONNECTED';
}

/**
 * The usage stage (an afterResponse hook, run exactly once per request): frees the request's
 * concurrency slot and settles its token estimate, then, for a request that reached a destination,
 * writes one usage row (reported or estimated tokens, cost from the pricing table) and adds the
 * cost to the spend counters of its key and team. Failures are logged, never thrown: the answer
 * has already gone; the usage table stays the truth that spend is reconciled from.
 */
export function createUsageHook(options: UsageHookOptions): (context: RequestContext, outcome: RequestOutcome) => Promise<void> {
  const { writer, limiter, pricing, admissions, logger } = options;
  const warnedUnpriced = new Set<string>();
  const warnUnpriced = (destination: string, model: string): void => {
    const name = `${destination}/${model}`;
    if (warnedUnpriced.has(name) || options.isLocal(destination)) return;
    warnedUnpriced.add(name);
    logger.warn({ destination, model }, 'no price for this cloud model in the pricing table: its usage costs 0');
  };
  return async function recordUsage(context: RequestContext, outcome: RequestOutcome): Promise<void> {
    const admission = admissions.take(context);
    if (admission === undefined) return;
    if (!reachedDestination(context, outcome.errorCode)) {
      await admission.release?.(0);
      return;
    }
    const usage = measureUsage(context.trace);
    const route = context.trace.route;
    const cost = route
      ? pricing.computeCost({ destination: route.destination, model: route.upstreamModel, ...usage })
      : { costMicroUsd: 0, priced: true };
    if (route && !cost.priced) warnUnpriced(route.destination, route.upstreamModel);
    const row = buildUsageRecord(context, outcome, usage, cost.costMicroUsd);
    const spendSubjects = context.principal.spendSubjects ?? [];
    writer.add(row);
    // Spend goes to the limiter at once: the next request may be checked against it.
    await Promise.all([
      admission.release?.(usage.inputTokens + usage.outputTokens),
      cost.costMicroUsd > 0 && spendSubjects.length > 0
        ? limiter.addSpend(spendSubjects, cost.costMicroUsd).catch((error: unknown) => {
            logger.error({ requestId: context.id, err: error }, 'could not add spend; it is reconciled from the usage table');
          })
        : undefined,
    ]);
  };
}

function buildUsageRecord(context: RequestContext, outcome: RequestOutcome, usage: Usage, costMicroUsd: number): UsageRecord {
  const { principal, trace } = context;
  return {
    requestId: context.id,
    time: new Date(),
    keyId: principal.keyId ?? null,
    user: principal.user ?? null,
    team: principal.team ?? null,
    surface: context.surface,
    requestedModel: trace.requestedModel ?? '',
    destination: trace.route?.destination ?? null,
    upstreamModel: trace.route?.upstreamModel ?? null,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    estimated: usage.estimated === true,
    costMicroUsd,
    status: outcome.status,
    outcome: outcome.errorCode ?? 'ok',
  };
}
