import type { StreamEvent } from '../canonical/types.js';
import { AirlockError } from '../errors/airlock-error.js';

/**
 * Starts a stream and waits for its first event, so a destination that fails before sending
 * anything can still be retried or replaced by a fallback (and response headers name the
 * destination that really answered). Once an event has been delivered, failures reach the client.
 */
export async function openStream(source: AsyncIterable<StreamEvent>): Promise<AsyncIterable<StreamEvent>> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) {
    throw new AirlockError('UPSTREAM_STREAM_ERROR', 'The destination ended the stream without any event.', { isRetryable: true });
  }
  return replay(first.value, iterator);
}

/**
 * The first event again, then the rest straight from the source's iterator (no generator layer
 * in between: it would cost every event a few promise turns). A consumer that stops early
 * calls `return`, which lets the provider abort its upstream call.
 */
function replay(first: StreamEvent, iterator: AsyncIterator<StreamEvent>): AsyncIterable<StreamEvent> {
  let pending: StreamEvent | undefined = first;
  let done = false;
  const finished = (): IteratorResult<StreamEvent> => ({ done: true, value: undefined });
  const next = async (): Promise<IteratorResult<StreamEvent>> => {
    if (pending !== undefined) {
      const value = pending;
      pending = undefined;
      return { done: false, value };
    }
    if (done) return finished();
    const result = await iterator.next();
    if (result.done === true) done = true;
    return result;
  };
  const stop = async (): Promise<IteratorResult<StreamEvent>> => {
    pending = undefined;
    if (!done) {
      done = true;
      await iterator.return?.();
    }
    return finished();
  };
  return { [Symbol.asyncIterator]: () => ({ next, return: stop }) };
}
