import { EventEmitter } from 'node:events';
import { Pool, errors as undiciErrors } from 'undici';
import type { Dispatcher } from 'undici';
import { AirlockError } from '../../errors/airlock-error.js';

export interface UpstreamTimeouts {
  connectMs: number;
  firstByteMs: number;
  totalMs: number;
}

export interface UpstreamClientOptions {
  baseUrl: string;
  timeouts: UpstreamTimeouts;
  /** Headers sent on every request (auth, version). */
  headers?: Record<string, string>;
  /** A name for error messages (the destination id); never a URL with credentials. */
  name: string;
}

export interface UpstreamRequest {
  method?: 'GET' | 'POST';
  /** Path relative to the base URL, with its query. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

export interface UpstreamClient {
  /** Sends a request; resolves once headers arrive with any status. Network failures throw AirlockError. */
  send(upstreamRequest: UpstreamRequest): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

/**
 * One pooled keep-alive client per destination. Connect and first-byte timeouts come from the
 * agent; the total timeout is an abort signal that also covers a streaming body.
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  // One pool for the destination's origin: a Pool's own request() skips the URL handling and
  // origin lookup of undici's top-level request() and Agent, several microseconds per call.
  const pool = new Pool(base.origin, {
    connect: { timeout: options.timeouts.connectMs },
    headersTimeout: options.timeouts.firstByteMs,
    // An idle stream longer than the first-byte budget is as dead as a silent server.
    bodyTimeout: options.timeouts.firstByteMs,
    keepAliveTimeout: 30_000,
    connections: 256,
    pipelining: 1,
  });

  // Destinations call a handful of paths: resolve each against the base URL once.
  const paths = new Map<string, string>();
  const resolvePath = (path: string): string => {
    let resolved = paths.get(path);
    if (resolved === undefined) {
      const url = new URL(path.replace(/^\//, ''), base);
      resolved = `${url.pathname}${url.search}`;
      if (paths.size < 1_000) paths.set(path, resolved);
    }
    return resolved;
  };

  async function send(upstreamRequest: UpstreamRequest): Promise<UpstreamResponse> {
    const caller = upstreamRequest.signal;
    if (caller.aborted) throw caller.reason;
    // One abort handle per call, aborted by the caller or by the total timeout. undici accepts an
    // EventEmitter as its signal; an AbortController (an EventTarget) costs several microseconds
    // more per request, and this runs on every request.
    const handle = new CallAbort();
    const onCallerAbort = (): void => handle.abort(caller.reason);
    caller.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(() => {
      handle.timedOut = true;
      handle.abort(new DOMException('The destination did not finish in time.', 'TimeoutError'));
    }, options.timeouts.totalMs);
    timer.unref();
    const cleanup = (): void => {
      clearTimeout(timer);
      caller.removeEventListener('abort', onCallerAbort);
    };
    const headers: Record<string, string> = { ...options.headers, ...upstreamRequest.headers };
    let body: string | undefined;
    if (upstreamRequest.body !== undefined) {
      body = typeof upstreamRequest.body === 'string' ? upstreamRequest.body : JSON.stringify(upstreamRequest.body);
      headers['content-type'] ??= 'application/json';
    }
    try {
      const response = await pool.request({
        path: resolvePath(upstreamRequest.path),
        method: upstreamRequest.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        body,
        signal: handle,
      });
      // The total timeout also covers reading the body (streams included); it ends with the body.
      response.body.once('close', cleanup);
      return { status: response.statusCode, headers: response.headers, body: response.body };
    } catch (error) {
      cleanup();
      throw convertNetworkError(error, options.name, handle.timedOut, caller);
    }
  }

  return { send, close: () => pool.close() };
}

/**
 * The abort signal of one upstream call, in the EventEmitter form undici accepts (`aborted`,
 * `reason`, an `abort` event).
 */
class CallAbort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  timedOut = false;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/** Maps undici and socket failures to stable codes; client aborts stay aborts. */
export function convertNetworkError(error: unknown, name: string, timedOut: boolean, callerSignal?: AbortSignal): unknown {
  if (error instanceof AirlockError) return error;
  if (callerSignal?.aborted) return callerSignal.reason ?? error;
  // While a body is read, the total timeout surfaces as its abort reason (a DOMException named
  // TimeoutError), with no signal at hand to check: it is still a timeout, not an unreachable host.
  if (timedOut || (error instanceof DOMException && error.name === 'TimeoutError')) {
    return new AirlockError('UPSTREAM_TIMEOUT', `Destination "${name}" did not finish in time.`, { cause: error, isRetryable: true });
  }
  const code = (error as { code?: string } | undefined)?.code;
  if (
    error instanceof undiciErrors.ConnectTimeoutError ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError
  ) {
    return new AirlockError('UPSTREAM_TIMEOUT', `Destination "${name}" timed out (${code}).`, { cause: error, isRetryable: true });
  }
  return new AirlockError('UPSTREAM_UNAVAILABLE', `Destination "${name}" could not be reached${code ? ` (${code})` : ''}.`, {
    cause: error,
    isRetryable: true,
  });
}

/** Seconds from a retry-after header (seconds or HTTP date), if any. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * Maps an upstream HTTP error status to an AirlockError. `message` is the provider's own error
 * message (it can only echo what Airlock sent, which is already redacted); it is shortened.
 */
export function convertStatusError(
  status: number,
  name: string,
  message: string | undefined,
  headers: Record<string, string | string[] | undefined>,
): AirlockError {
  const detail = message ? `: ${message.slice(0, 300)}` : '';
  const retryAfter = parseRetryAfter(headers['retry-after']);
  if (status === 429) {
    return new AirlockError('UPSTREAM_RATE_LIMITED', `Destination "${name}" is rate limiting${detail}`, {
      isRetryable: true,
      retryAfter,
    });
  }
  if (status === 401 || status === 403) {
    return new AirlockError('UPSTREAM_AUTH_FAILED', `Destination "${name}" refused the gateway's credentials (${status}).`);
  }
  if (status === 404) return new AirlockError('UPSTREAM_MODEL_NOT_FOUND', `Destination "${name}" returned 404${detail}`);
  if (status === 408 || status === 409 || status >= 500) {
    return new AirlockError('UPSTREAM_ERROR', `Destination "${name}" failed with ${status}${detail}`, { isRetryable: true, retryAfter });
  }
  return new AirlockError('UPSTREAM_REJECTED', `Destination "${name}" rejected the request (${status})${detail}`);
}
