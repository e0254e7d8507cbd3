import { AirlockError } from '../../errors/airlock-error.js';
import { convertNetworkError } from '../http/upstream-client.js';
import type { UpstreamClient, UpstreamResponse } from '../http/upstream-client.js';

/** An error body is read up to this size (an HTML error page from a proxy can be large). */
const ERROR_BODY_LIMIT = 64 * 1024;

/** Turns a non-2xx reply (status, body text, headers) into the AirlockError to throw. */
export type ErrorConverter = (status: number, bodyText: string, headers: UpstreamResponse['headers']) => AirlockError;

/** What every upstream call of one destination needs: its client, its name for messages, its error dialect. */
export interface UpstreamCall {
  client: UpstreamClient;
  name: string;
  convertError: ErrorConverter;
}

/**
 * POSTs a JSON body and resolves once a 2xx status arrives; any other status is read (bounded)
 * and thrown as the destination's converted error, which also releases the connection.
 */
export async function postUpstream(call: UpstreamCall, path: string, body: unknown, signal: AbortSignal): Promise<UpstreamResponse> {
  const response = await call.client.send({ method: 'POST', path, body, signal });
  if (response.status >= 200 && response.status < 300) return response;
  const text = await readErrorText(response, signal);
  throw call.convertError(response.status, text, response.headers);
}

/** Reads a whole 2xx body as JSON; a body that is not JSON is a malformed reply, never a crash. */
export async function readJsonBody(response: UpstreamResponse, name: string, signal: AbortSignal): Promise<unknown> {
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw convertNetworkError(error, name, undefined, signal);
  }
  try {
    return JSON.parse(text);
  } catch {
    // No cause: a parser message quotes the body, which may hold completion text.
    throw new AirlockError('UPSTREAM_ERROR', `Destination "${name}" sent a reply that is not valid JSON.`);
  }
}

async function readErrorText(response: UpstreamResponse, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buffer);
      size += buffer.length;
      // Leaving the loop destroys the rest of the body; the status alone is enough to report.
      if (size >= ERROR_BODY_LIMIT) break;
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason ?? error;
    // A broken error body still leaves a status worth reporting.
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString('utf8');
}

/**
 * Maps a failure while reading a stream. A client abort stays the abort reason; anything else
 * is retryable only while no event has reached the consumer (a retry would repeat output).
 */
export function convertStreamFailure(error: unknown, name: string, signal: AbortSignal, emitted: boolean): unknown {
  if (error instanceof AirlockError) return error;
  if (signal.aborted) return signal.reason ?? error;
  const converted = convertNetworkError(error, name, undefined, signal);
  if (converted instanceof AirlockError && converted.code === 'UPSTREAM_TIMEOUT') {
    return new AirlockError('UPSTREAM_TIMEOUT', `Destination "${name}" stalled mid-stream.`, { cause: error, isRetryable: !emitted });
  }
  return new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" broke off the stream.`, {
    cause: error,
    isRetryable: !emitted,
  });
}

/** The error for a stream whose body ended before the provider's terminator. */
export function createTruncatedStreamError(name: string, terminator: string, emitted: boolean): AirlockError {
  return new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" ended the stream without ${terminator}.`, {
    isRetryable: !emitted,
  });
}

/** Destroys a body not read to its end (aborting the request); a body already ended is left alone. */
export function releaseBody(body: UpstreamResponse['body']): void {
  if (body.destroyed) return;
  // The abort surfaces as an 'error' event; nobody is listening any more, so it must not crash.
  body.on('error', () => {});
  body.destroy();
}
