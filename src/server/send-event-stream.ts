import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import { toAirlockError, type AirlockError } from '../errors/airlock-error.js';
import type { ErrorCode } from '../errors/codes.js';
import type { Logger } from '../telemetry/logger.js';

export interface EventStreamOptions {
  contentType: string;
  headers: Record<string, string>;
  /** Renders a failure after the stream started, in the surface's own stream format. */
  renderError: (error: AirlockError) => string;
  logger: Logger;
  requestId: string;
  /** Called once when the stream is over, with how it ended. */
  onEnd: (outcome: { status: number; interrupted?: boolean; errorCode?: ErrorCode }) => Promise<void>;
}

/**
 * Writes a generated stream to the client with backpressure: when the socket's buffer is full
 * we wait for `drain` (or the client leaving) before pulling the next chunk from upstream, so a
 * slow client slows the upstream read instead of growing memory. When the client leaves, the
 * generator is returned, which aborts the upstream call.
 */
export async function sendEventStream(reply: FastifyReply, chunks: AsyncIterable<string>, options: EventStreamOptions): Promise<void> {
  reply.hijack();
  const raw: ServerResponse = reply.raw;
  raw.writeHead(200, {
    ...options.headers,
    'content-type': options.contentType,
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  const iterator = chunks[Symbol.asyncIterator]();
  let errorCode: ErrorCode | undefined;
  let completed = false;
  // Events that are already at hand (an upstream read often carries many) go out in one write:
  // they are joined while they are produced and written once the current tick's work is done.
  // One write instead of one per event: each write costs the HTTP layer a chunk of its own.
  let pending = '';
  let flushScheduled = false;
  const flush = (): void => {
    flushScheduled = false;
    if (pending === '' || raw.destroyed) return;
    const chunk = pending;
    pending = '';
    raw.write(chunk);
  };
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (raw.destroyed) break;
      pending += next.value;
      if (pending.length >= FLUSH_AT_CHARS) flush();
      else if (!flushScheduled) {
        flushScheduled = true;
        process.nextTick(flush);
      }
      // Backpressure: a client that does not read stops the upstream read here.
      if (raw.writableNeedDrain) await waitForDrain(raw);
    }
    flush();
    completed = !raw.destroyed;
  } catch (caught) {
    const error = toAirlockError(caught);
    errorCode = error.code;
    flush();
    if (!raw.destroyed) {
      options.logger.warn({ requestId: options.requestId, code: error.code, err: caught }, 'stream failed after it started');
      raw.write(options.renderError(error));
    }
  } finally {
    if (raw.destroyed) await iterator.return?.(undefined);
    if (!raw.writableEnded) raw.end();
    await options.onEnd({ status: 200, ...(completed ? {} : { interrupted: true, errorCode: errorCode ?? 'CLIENT_DISCONNECTED' }) });
  }
}

/** Joined events are written at once beyond this size (one upstream read rarely carries more). */
const FLUSH_AT_CHARS = 64 * 1024;

async function waitForDrain(raw: ServerResponse): Promise<void> {
  const controller = new AbortController();
  try {
    await Promise.race([once(raw, 'drain', { signal: controller.signal }), once(raw, 'close', { signal: controller.signal })]);
  } finally {
    controller.abort();
  }
}
