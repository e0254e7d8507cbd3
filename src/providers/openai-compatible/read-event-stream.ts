import type { StreamEvent } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { convertStreamFailure, createTruncatedStreamError } from '../http/convert-stream-failure.js';
import { parseEventStream } from '../http/parse-event-stream.js';
import { releaseBody } from '../http/release-body.js';
import { scrubSecrets } from '../http/scrub-secrets.js';
import type { UpstreamResponse } from '../http/upstream-client.js';
import { readErrorDetail } from './parse-error.js';

export interface StreamContext {
  name: string;
  signal: AbortSignal;
  /** Values scrubbed from any upstream message that reaches an error. */
  secrets: string[];
}

/** Turns the JSON chunks of one stream into canonical events; `finish` is called once, at `[DONE]`. */
export interface ChunkConverter {
  convertChunk(json: unknown): StreamEvent[];
  finish(): StreamEvent;
}

/**
 * Reads an OpenAI-style SSE body (`data: {json}` ... `data: [DONE]`) through a chunk converter.
 * The finish event is yielded at `[DONE]`; the rest of the body is then drained so the
 * keep-alive connection can be reused. Stopping early (the iterator's `return()`) destroys the
 * body, which aborts the upstream request: no socket is left generating tokens for nobody.
 */
export async function* readOpenAIEventStream(
  body: UpstreamResponse['body'],
  converter: ChunkConverter,
  context: StreamContext,
): AsyncGenerator<StreamEvent> {
  let emitted = false;
  let terminated = false;
  try {
    for await (const event of parseEventStream(body)) {
      if (terminated) continue;
      if (event.data === '[DONE]') {
        const finish = converter.finish();
        terminated = true;
        yield finish;
        continue;
      }
      const events = converter.convertChunk(parseStreamData(event.data, context, emitted));
      for (const streamEvent of events) {
        emitted = true;
        yield streamEvent;
      }
    }
  } catch (error) {
    // After [DONE] the consumer has everything; a late socket error changes nothing.
    if (terminated) return;
    throw convertStreamFailure(error, context.name, context.signal, emitted);
  } finally {
    releaseBody(body, terminated);
  }
  if (!terminated) throw createTruncatedStreamError(context.name, '[DONE]', emitted);
}

function parseStreamData(data: string, context: StreamContext, emitted: boolean): unknown {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    // Not retryable: a server that sends garbage will send it again.
    throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${context.name}" sent a stream event that is not JSON.`);
  }
  if (typeof json === 'object' && json !== null && 'error' in json && json.error) {
    const message = readErrorDetail(json)?.message;
    const detail = message ? `: ${scrubSecrets(message, context.secrets).slice(0, 300)}` : '.';
    throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${context.name}" reported an error mid-stream${detail}`, {
      isRetryable: !emitted,
    });
  }
  return json;
}
