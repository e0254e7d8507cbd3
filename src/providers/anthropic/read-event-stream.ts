import type { StreamEvent } from '../../canonical/types.js';
import { convertStreamFailure, createTruncatedStreamError } from '../http/convert-stream-failure.js';
import { parseEventStream } from '../http/parse-event-stream.js';
import { releaseBody } from '../http/release-body.js';
import type { UpstreamResponse } from '../http/upstream-client.js';
import { createStreamConverter } from './convert-stream.js';

export interface StreamContext {
  name: string;
  signal: AbortSignal;
  requestedModel: string;
  /** Values scrubbed from any upstream message that reaches an error. */
  secrets: string[];
  /** True when the caller already yielded output (an echoed prompt): failures are then never retryable. */
  emittedBefore?: boolean;
}

/**
 * Reads a Messages SSE body into canonical events. The finish is yielded at `message_stop`; the
 * rest of the body is then drained so the keep-alive connection can be reused. Stopping early
 * (the iterator's `return()`) destroys the body, which aborts the upstream request.
 */
export async function* readAnthropicEventStream(body: UpstreamResponse['body'], context: StreamContext): AsyncGenerator<StreamEvent> {
  const converter = createStreamConverter(context.requestedModel, context.name, context.secrets);
  let emitted = context.emittedBefore ?? false;
  let stopped = false;
  try {
    for await (const event of parseEventStream(body)) {
      if (stopped) continue;
      const data = converter.parse(event.data);
      if (data === null) continue;
      const converted = converter.convertEvent(data, emitted);
      stopped = converted.stopped;
      for (const streamEvent of converted.events) {
        emitted = true;
        yield streamEvent;
      }
    }
  } catch (error) {
    // After message_stop the consumer has everything; a late socket error changes nothing.
    if (stopped) return;
    throw convertStreamFailure(error, context.name, context.signal, emitted);
  } finally {
    releaseBody(body, stopped);
  }
  if (!stopped) throw createTruncatedStreamError(context.name, 'message_stop', emitted);
}
