import { AirlockError } from '../../errors/airlock-error.js';
import { scrubSecrets } from '../http/scrub-secrets.js';
import type { ErrorConverter } from '../http/send-upstream.js';
import { convertStatusError } from '../http/upstream-client.js';
import { errorBodySchema } from './anthropic-schemas.js';

export interface AnthropicErrorDetail {
  type?: string;
  message?: string;
}

/** Reads Anthropic's `{type:"error", error:{type, message}}`; undefined for any other body. */
export function readErrorDetail(json: unknown): AnthropicErrorDetail | undefined {
  const result = errorBodySchema.safeParse(json);
  if (!result.success) return undefined;
  const { type, message } = result.data.error;
  return { ...(type ? { type } : {}), ...(message ? { message } : {}) };
}

/**
 * Builds the error converter of one destination: HTTP status first (529 overloaded is a retryable
 * UPSTREAM_ERROR like any 5xx), refined by Anthropic's error type where the status alone is not
 * enough. The API key is scrubbed from the upstream message.
 */
export function createErrorConverter(name: string, secrets: string[]): ErrorConverter {
  return (status, text, headers) => {
    const detail = parseJson(text);
    const message = detail?.message === undefined ? undefined : scrubSecrets(detail.message, secrets);
    const shortMessage = message ? `: ${message.slice(0, 300)}` : '.';
    if (detail?.type === 'not_found_error' && status !== 404) {
      return new AirlockError('UPSTREAM_MODEL_NOT_FOUND', `Destination "${name}" does not have the model${shortMessage}`);
    }
    if (detail?.type === 'overloaded_error' && status < 500) {
      return new AirlockError('UPSTREAM_ERROR', `Destination "${name}" is overloaded${shortMessage}`, { isRetryable: true });
    }
    return convertStatusError(status, name, message, headers);
  };
}

function parseJson(text: string): AnthropicErrorDetail | undefined {
  try {
    return readErrorDetail(JSON.parse(text));
  } catch {
    return undefined;
  }
}
