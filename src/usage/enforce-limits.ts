import { AirlockError } from '../errors/airlock-error.js';
import { approximateTokens } from '../identity/estimate-tokens.js';
import type { AcquireDenied, AcquireGranted, AcquireResult, BudgetCheck, Limiter } from '../limits/types.js';
import type { RequestContext } from '../pipeline/request-context.js';
import type { Logger } from '../telemetry/logger.js';
import type { Admissions } from './admissions.js';
import { describeExceededBudget, formatBudgetWarning } from './budget-notices.js';

const NO_BUDGET: Promise<BudgetCheck> = Promise.resolve({ status: 'ok', subjects: [] });
const NO_LIMIT: Promise<AcquireResult> = Promise.resolve({ allowed: true, headers: {}, release: async () => undefined });

const REASONS: Record<AcquireDenied['reason'], string> = {
  rpm: 'requests per minute',
  tpm: 'tokens per minute',
  concurrency: 'concurrent requests',
};

/**
 * The limits stage (a beforeDispatch hook): the principal's budgets, then its rate limits, both
 * checked in one round trip to the limiter. A hard budget used up refuses with BUDGET_EXCEEDED, a
 * soft one adds `x-airlock-budget-warning` and a log line; a rate limit refuses with RATE_LIMITED,
 * `retry-after` and `x-ratelimit-*` (also sent on admitted requests). A limiter that cannot be
 * reached refuses with LIMITS_UNAVAILABLE unless its fail mode is open. Principals without limits
 * or budgets (anonymous ones) cost nothing here.
 */
export function createLimitsHook(limiter: Limiter, admissions: Admissions, logger: Logger): (context: RequestContext) => Promise<void> {
  return async function enforceLimits(context: RequestContext): Promise<void> {
    const { limitSubjects = [], budgetSubjects = [] } = context.principal;
    if (limitSubjects.length === 0 && budgetSubjects.length === 0) {
      admissions.add(context, {});
      return;
    }
    const needsTokens = limitSubjects.some((subject) => subject.tpm !== null && subject.tpm !== undefined);
    const estimatedTokens = needsTokens ? approximateTokens(measureLength(context.trace.inputTexts)) : 0;
    const [budget, acquired] = await Promise.allSettled([
      budgetSubjects.length === 0 ? NO_BUDGET : limiter.checkBudget(budgetSubjects),
      limitSubjects.length === 0 ? NO_LIMIT : limiter.acquire(limitSubjects, { estimatedTokens, requestId: context.id }),
    ]);
    const granted = acquired.status === 'fulfilled' && acquired.value.allowed ? acquired.value : undefined;
    try {
      if (budget.status === 'rejected') throw budget.reason;
      if (acquired.status === 'rejected') throw acquired.reason;
      checkBudget(context, budget.value, logger);
      if (!acquired.value.allowed) throw refuseRate(context, acquired.value);
    } catch (error) {
      // Refused after a slot was taken: give it back (the request used no tokens).
      await granted?.release(0);
      throw error;
    }
    addHeaders(context, (granted as AcquireGranted).headers);
    admissions.add(context, { release: (granted as AcquireGranted).release });
  };
}

function measureLength(texts: readonly string[] | undefined): number {
  let length = 0;
  for (const text of texts ?? []) length += text.length;
  return length;
}

function addHeaders(context: RequestContext, headers: Record<string, string>): void {
  context.responseHeaders = { ...context.responseHeaders, ...headers };
}

function checkBudget(context: RequestContext, check: BudgetCheck, logger: Logger): void {
  if (check.status === 'hard-exceeded') {
    throw new AirlockError('BUDGET_EXCEEDED', describeExceededBudget(check), {
      ...(check.retryAfterSeconds === undefined ? {} : { retryAfter: check.retryAfterSeconds }),
    });
  }
  const warning = formatBudgetWarning(check);
  if (warning === undefined) return;
  addHeaders(context, { 'x-airlock-budget-warning': warning });
  const subjects = check.subjects.filter((subject) => subject.status === 'soft-exceeded');
  logger.warn(
    {
      requestId: context.id,
      budgets: subjects.map(({ scope, id, period, spentMicroUsd, softMicroUsd }) => ({ scope, id, period, spentMicroUsd, softMicroUsd })),
    },
    'soft budget exceeded',
  );
}

function refuseRate(context: RequestContext, denied: AcquireDenied): AirlockError {
  const subject = context.principal.limitSubjects?.find((candidate) => candidate.scope === denied.scope && candidate.id === denied.id);
  const limit = subject?.[denied.reason];
  const owner = denied.scope === 'key' ? `key ${denied.id}` : `${denied.scope} "${denied.id}"`;
  return new AirlockError(
    'RATE_LIMITED',
    `Rate limit reached: ${limit ?? 'the limit of'} ${REASONS[denied.reason]} for ${owner}; retry after ${denied.retryAfterSeconds} s.`,
    { retryAfter: denied.retryAfterSeconds, isRetryable: true, headers: denied.headers },
  );
}
