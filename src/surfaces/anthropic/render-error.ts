import type { AirlockError } from '../../errors/airlock-error.js';

/** Anthropic's error `type` for a status, so the SDKs raise their usual exception classes. */
export function convertErrorType(error: AirlockError): string {
  switch (error.status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
  }
  // Anthropic uses invalid_request_error for every other 4xx (405, 408, 415...).
  return error.status >= 500 ? 'api_error' : 'invalid_request_error';
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string; details: { error_code: string } };
}

/**
 * `{type:"error", error:{type, message, details:{error_code}}}`: Anthropic's error shape. Airlock's
 * stable code goes in `details.error_code`, the field Anthropic uses for a machine-readable cause
 * (the SDK exposes it as `error.errorCode`; older SDKs ignore it). Airlock's codes are upper
 * case, so they never collide with Anthropic's own lower-case ones.
 */
export function renderAnthropicError(error: AirlockError): AnthropicErrorBody {
  return { type: 'error', error: { type: convertErrorType(error), message: error.message, details: { error_code: error.code } } };
}

/** A failure after the stream started: one `error` event, after which the stream ends. */
export function renderAnthropicStreamError(error: AirlockError): string {
  return `event: error\ndata: ${JSON.stringify(renderAnthropicError(error))}\n\n`;
}
