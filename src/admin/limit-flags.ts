import { AirlockError } from '../errors/airlock-error.js';
import type { BudgetBody, LimitsBody } from './admin-schemas.js';
import { parseLimitFlag, parseUsdFlag } from './command-support.js';

/** The limit and budget flags of `airlock keys create|update` and `airlock teams set`, named alike. */
export const limitArgs = {
  rpm: { type: 'string', description: 'Requests per minute ("none": unlimited)' },
  tpm: { type: 'string', description: 'Tokens per minute ("none": unlimited)' },
  concurrency: { type: 'string', description: 'Requests at once ("none": unlimited)' },
  budget: { type: 'string', description: 'Hard budget in USD per period: refused once spent ("none": no budget)' },
  'soft-budget': { type: 'string', description: 'Soft budget in USD per period: a warning header and log line once spent' },
  period: { type: 'string', description: 'Budget period: month (default) or day' },
} as const;

export interface LimitFlags {
  rpm?: string | undefined;
  tpm?: string | undefined;
  concurrency?: string | undefined;
  budget?: string | undefined;
  'soft-budget'?: string | undefined;
  period?: string | undefined;
}

/** Limits given on the command line (undefined when none was) and the budget (null clears it). */
export function readLimitFlags(flags: LimitFlags): { limits?: LimitsBody; budget?: BudgetBody | null } {
  const result: { limits?: LimitsBody; budget?: BudgetBody | null } = {};
  const limits: LimitsBody = {};
  for (const name of ['rpm', 'tpm', 'concurrency'] as const) {
    const value = parseLimitFlag(flags[name], name);
    if (value !== undefined) limits[name] = value;
  }
  if (Object.keys(limits).length > 0) result.limits = limits;
  const hardUsd = parseUsdFlag(flags.budget, 'budget');
  const softUsd = parseUsdFlag(flags['soft-budget'], 'soft-budget');
  const period = flags.period ?? 'month';
  if (period !== 'month' && period !== 'day')
    throw new AirlockError('INVALID_REQUEST', '--period must be month or day.', { param: 'period' });
  if (hardUsd === null && (softUsd === null || softUsd === undefined)) result.budget = null;
  else if (hardUsd !== undefined || softUsd !== undefined) result.budget = { period, hardUsd: hardUsd ?? null, softUsd: softUsd ?? null };
  else if (flags.period !== undefined)
    throw new AirlockError('INVALID_REQUEST', '--period needs --budget or --soft-budget.', { param: 'period' });
  return result;
}
