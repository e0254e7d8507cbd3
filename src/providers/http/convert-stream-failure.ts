import { AirlockError } from '../../errors/airlock-error.js';
import { convertNetworkError } from './upstream-client.js';

/**
 * Maps a failure while reading a stream. A client abort stays the abort reason; anything else
 * is retryable only while no event has reached the consumer (a retry would repeat output).
 */
export function convertStreamFailure(error: unknown, name: string, signal: AbortSignal, emitted: boolean): unknown {
  if (error instanceof AirlockError) return error;
  if (signal.aborted) return signal.reason ?? error;
  const converted = convertNetworkError(error, name, false, signal);
  if (converted instanceof AirlockError && converted.code === 'UPSTREAM_TIMEOUT') {
    return new AirlockError('UPSTREAM_TIMEOUT', `Destination "${name}" stalled mid-stream.`, { cause: error, isRetryable: !emitted });
  }
  // A JSON parse error's message quotes the input, which may hold completion text: no cause then.
  const cause = error instanceof SyntaxError ? undefined : error;
  return new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" broke off the stream.`, { cause, isRetryable: !emitted });
}

/** The error for a stream whose body ended before the provider's terminator. */
export function createTruncatedStreamError(name: string, terminator: string, emitted: boolean): AirlockError {
  return new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" ended the stream without ${terminator}.`, {
    isRetryable: !emitted,
  });
}
