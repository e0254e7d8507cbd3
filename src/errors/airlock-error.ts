import { ERROR_CODES, type ErrorCode } from './codes.js';

export interface AirlockErrorOptions {
  cause?: unknown;
  /** The request field the error is about (OpenAI's `param`). */
  param?: string;
  isRetryable?: boolean;
  /** Seconds the client should wait (429/503). */
  retryAfter?: number;
  /** Extra response headers (e.g. x-ratelimit-*). */
  headers?: Record<string, string>;
}

/**
 * The one error class of Airlock. Its message is shown to clients, so it must never contain
 * prompt text, keys or matched values; put diagnostics for operators in `cause`.
 */
export class AirlockError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly param: string | undefined;
  readonly isRetryable: boolean;
  readonly retryAfter: number | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options: AirlockErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AirlockError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.param = options.param;
    this.isRetryable = options.isRetryable ?? false;
    this.retryAfter = options.retryAfter;
    this.headers = options.headers;
  }
}

/** Anything thrown becomes an AirlockError; unknown errors become INTERNAL with the message hidden. */
export function toAirlockError(error: unknown): AirlockError {
  if (error instanceof AirlockError) return error;
  return new AirlockError('INTERNAL', 'Internal error.', { cause: error });
}
