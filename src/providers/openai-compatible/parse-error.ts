import { AirlockError } from '../../errors/airlock-error.js';
import { scrubSecrets } from '../http/scrub-secrets.js';
import type { ErrorConverter } from '../http/send-upstream.js';
import { convertStatusError } from '../http/upstream-client.js';
import { errorBodySchema } from './openai-schemas.js';

export interface OpenAIErrorDetail {
  message?: string;
  type?: string;
  code?: string;
}

/** Reads an OpenAI-style error from a body; undefined when the body is not one (HTML, text, empty). */
export function parseErrorBody(text: string): OpenAIErrorDetail | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  return readErrorDetail(json);
}

/** Reads an OpenAI-style error from an already parsed value (a stream's `data: {"error":...}`). */
export function readErrorDetail(json: unknown): OpenAIErrorDetail | undefined {
  const result = errorBodySchema.safeParse(json);
  if (!result.success) return undefined;
  const body = result.data;
  if (!('error' in body)) return compact(body.message, body.type, body.code);
  if (typeof body.error === 'string') return { message: body.error };
  return compact(body.error.message, body.error.type, body.error.code);
}

/**
 * Builds the error converter of one destination. The upstream message is kept (shortened) because
 * it explains 400s; the API key is scrubbed from it in case a server echoes it.
 */
export function createErrorConverter(name: string, secrets: string[]): ErrorConverter {
  return (status, text, headers) => {
    const detail = parseErrorBody(text);
    const message = detail?.message === undefined ? undefined : scrubSecrets(detail.message, secrets);
    // Some compatible servers answer an unknown model with 400 rather than 404.
    if (detail?.code === 'model_not_found' && status !== 404) {
      return new AirlockError('UPSTREAM_MODEL_NOT_FOUND', `Destination "${name}" does not have the model${formatDetail(message)}`);
    }
    return convertStatusError(status, name, message, headers);
  };
}

function formatDetail(message: string | undefined): string {
  return message ? `: ${message.slice(0, 300)}` : '.';
}

function compact(
  message: string | null | undefined,
  type: string | null | undefined,
  code: string | number | null | undefined,
): OpenAIErrorDetail {
  return {
    ...(message ? { message } : {}),
    ...(type ? { type } : {}),
    ...(code !== null && code !== undefined ? { code: String(code) } : {}),
  };
}
