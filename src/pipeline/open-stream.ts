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

async function* replay(first: StreamEvent, iterator: AsyncIterator<StreamEvent>): AsyncGenerator<StreamEvent> {
  let finished = false;
  try {
    yield first;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      yield next.value;
    }
    finished = true;
  } finally {
    // The consumer stopped early (client went away): let the provider abort its upstream call.
    if (!finished) await iterator.return?.();
  }
}
