import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorCode } from '../errors/codes.js';
import { AirlockError, toAirlockError } from '../errors/airlock-error.js';
import type { Provider } from '../providers/types.js';
import type { Logger } from '../telemetry/logger.js';
import type { ModelEntry } from './model-catalog.js';

export interface RetryPolicy {
  max: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** One place a request may go: a model on a destination. */
export interface Candidate {
  model: ModelEntry;
  provider: Provider;
  retries: RetryPolicy;
}

export interface DispatchOptions {
  signal: AbortSignal;
  logger: Logger;
  requestId: string;
}

export interface DispatchResult<T> {
  value: T;
  candidate: Candidate;
  /** Attempts made in all, across retries and fallbacks. */
  attempts: number;
}

/** Failures that say "this destination cannot serve it now", so the next candidate may. */
const FALLBACK_CODES = new Set<ErrorCode>([
  'UPSTREAM_MODEL_NOT_FOUND',
  'UPSTREAM_AUTH_FAILED',
  'DESTINATION_NOT_READY',
  'CAPABILITY_UNSUPPORTED',
]);

/**
 * Tries the candidates in order, retrying retryable failures with exponential backoff and full
 * jitter. The candidate list is the only thing that decides where data may go: the caller
 * passes only destinations cleared for the request, so no retry or fallback can widen it.
 */
export async function dispatch<T>(
  candidates: readonly Candidate[],
  call: (candidate: Candidate) => Promise<T>,
  options: DispatchOptions,
): Promise<DispatchResult<T>> {
  if (candidates.length === 0) {
    throw new AirlockError('NO_CLEARED_DESTINATION', 'No destination is available for this request.');
  }
  let firstError: AirlockError | undefined;
  let attempts = 0;
  for (const candidate of candidates) {
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(options.signal);
      attempts++;
      try {
        if (!candidate.provider.isReady()) {
          throw new AirlockError('DESTINATION_NOT_READY', `Destination "${candidate.provider.id}" is not ready.`, { isRetryable: false });
        }
        const value = await call(candidate);
        return { value, candidate, attempts };
      } catch (caught) {
        throwIfAborted(options.signal);
        const error = toAirlockError(caught);
        firstError ??= error;
        options.logger.warn(
          { requestId: options.requestId, destination: candidate.provider.id, attempt, code: error.code },
          'destination attempt failed',
        );
        const delay = retryDelay(error, attempt, candidate.retries);
        if (delay === undefined) {
          if (error.isRetryable || FALLBACK_CODES.has(error.code)) break;
          throw error;
        }
        await sleep(delay, undefined, { signal: options.signal }).catch(() => throwIfAborted(options.signal));
      }
    }
  }
  throw firstError ?? new AirlockError('NO_CLEARED_DESTINATION', 'No destination is available for this request.');
}

/** Milliseconds to wait before retrying, or undefined when this destination should not be retried. */
function retryDelay(error: AirlockError, attempt: number, policy: RetryPolicy): number | undefined {
  if (!error.isRetryable || attempt >= policy.max) return undefined;
  if (error.retryAfter !== undefined) {
    const wanted = error.retryAfter * 1000;
    return wanted > policy.maxDelayMs ? undefined : wanted;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(Math.random() * ceiling);
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
