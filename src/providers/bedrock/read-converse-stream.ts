import type { StreamEvent } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { convertStreamFailure, createTruncatedStreamError } from '../http/convert-stream-failure.js';
import { releaseBody } from '../http/release-body.js';
import type { UpstreamResponse } from '../http/upstream-client.js';
import { createStreamConverter, type StreamConverterOptions } from './convert-stream.js';
import { decodeEventStream, EventStreamFrameError } from './decode-event-stream.js';

export interface ConverseStreamContext extends StreamConverterOptions {
  signal: AbortSignal;
  /** True when the caller already yielded output (an echoed prompt): failures are then never retryable. */
  emittedBefore?: boolean;
}

/**
 * Reads a ConverseStream body (binary event-stream frames) into canonical events. After the
 * finish the rest of the body is drained so the connection can be reused; stopping early (the
 * iterator's `return()`) destroys the body, which aborts the upstream request.
 */
export async function* readConverseStream(body: UpstreamResponse['body'], context: ConverseStreamContext): AsyncGenerator<StreamEvent> {
  const converter = createStreamConverter(context);
  let emitted = context.emittedBefore ?? false;
  try {
    for await (const message of decodeEventStream(body)) {
      if (converter.isFinished()) continue;
      for (const event of converter.convert(message, emitted)) {
        emitted = true;
        yield event;
      }
    }
  } catch (error) {
    // After the finish the consumer has everything; a late failure changes nothing.
    if (converter.isFinished()) return;
    if (error instanceof EventStreamFrameError) {
      throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${context.name}" sent a corrupted event-stream frame.`, {
        cause: error,
        isRetryable: !emitted,
      });
    }
    throw convertStreamFailure(error, context.name, context.signal, emitted);
  } finally {
    releaseBody(body, converter.isFinished());
  }
  const last = converter.end();
  if (last) yield last;
  else if (!converter.isFinished()) throw createTruncatedStreamError(context.name, 'messageStop', emitted);
}
