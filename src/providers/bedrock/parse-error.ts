import { AirlockError } from '../../errors/airlock-error.js';
import { scrubSecrets } from '../http/scrub-secrets.js';
import type { ErrorConverter } from '../http/send-upstream.js';
import { convertStatusError, parseRetryAfter } from '../http/upstream-client.js';
import { errorBodySchema } from './converse-schemas.js';

/** Errors meaning the gateway's AWS credentials or permissions are wrong (a configuration problem). */
const authErrors = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredTokenException',
]);

/**
 * The error type of a reply: the `x-amzn-ErrorType` header (`ValidationException:http://...`)
 * or the body's `__type` (`com.amazon.coral.service#ThrottlingException`), reduced to its name.
 */
export function readErrorType(header: string | string[] | undefined, bodyType: string | null | undefined): string | undefined {
  const raw = (Array.isArray(header) ? header[0] : header) ?? bodyType ?? undefined;
  if (!raw) return undefined;
  return raw.split(':')[0]?.split('#').at(-1)?.trim() || undefined;
}

/**
 * The error converter of one destination: the AWS error type refines the status (429
 * ThrottlingException → UPSTREAM_RATE_LIMITED, 403 AccessDeniedException → UPSTREAM_AUTH_FAILED,
 * 404 ResourceNotFoundException → UPSTREAM_MODEL_NOT_FOUND, 408 ModelTimeoutException →
 * UPSTREAM_TIMEOUT); everything else maps by status. Credentials are scrubbed from the message.
 */
export function createErrorConverter(name: string, secrets: string[]): ErrorConverter {
  return (status, text, headers) => {
    const body = parseBody(text);
    const type = readErrorType(headers['x-amzn-errortype'], body?.__type);
    const rawMessage = body?.message ?? body?.Message ?? undefined;
    const message = rawMessage ? scrubSecrets(rawMessage, secrets) : undefined;
    const detail = message ? `: ${message.slice(0, 300)}` : '.';
    if (type && authErrors.has(type)) {
      return new AirlockError('UPSTREAM_AUTH_FAILED', `Destination "${name}" refused the gateway's AWS credentials (${status} ${type}).`);
    }
    if (type === 'ResourceNotFoundException')
      return new AirlockError('UPSTREAM_MODEL_NOT_FOUND', `Destination "${name}" does not have the model${detail}`);
    if (type === 'ThrottlingException' || type === 'ModelNotReadyException') {
      return new AirlockError('UPSTREAM_RATE_LIMITED', `Destination "${name}" is throttling (${type})${detail}`, {
        isRetryable: true,
        retryAfter: parseRetryAfter(headers['retry-after']),
      });
    }
    if (type === 'ModelTimeoutException') {
      return new AirlockError('UPSTREAM_TIMEOUT', `Destination "${name}": the model timed out${detail}`, { isRetryable: true });
    }
    return convertStatusError(status, name, message, headers);
  };
}

/**
 * An `:message-type: exception` frame mid-stream. Throttling and service failures are transient,
 * so retryable while nothing has reached the client; a validation error is not.
 */
export function createStreamException(
  name: string,
  exceptionType: string,
  payload: Buffer,
  secrets: string[],
  emitted: boolean,
): AirlockError {
  const body = parseBody(payload.toString('utf8'));
  const rawMessage = body?.message ?? body?.Message ?? undefined;
  const detail = rawMessage ? `: ${scrubSecrets(rawMessage, secrets).slice(0, 300)}` : '.';
  if (exceptionType === 'throttlingException') {
    return new AirlockError('UPSTREAM_RATE_LIMITED', `Destination "${name}" is throttling mid-stream${detail}`, { isRetryable: !emitted });
  }
  if (exceptionType === 'validationException') {
    return new AirlockError('UPSTREAM_REJECTED', `Destination "${name}" rejected the request mid-stream${detail}`);
  }
  return new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" reported ${exceptionType} mid-stream${detail}`, {
    isRetryable: !emitted,
  });
}

function parseBody(text: string) {
  try {
    const result = errorBodySchema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
