import { AirlockError } from '../../errors/airlock-error.js';
import { convertStatusError } from '../http/upstream-client.js';
import { errorBodySchema } from './ollama-wire.js';

/** The `error` string of an Ollama error body, if the body is one. */
export function readOllamaErrorMessage(json: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(json);
  return parsed.success ? parsed.data.error : undefined;
}

/**
 * A non-2xx reply as an AirlockError. Ollama answers an unknown model with 404
 * `{"error":"model \"x\" not found, try pulling it first"}` and a model that fails to load with
 * 500; its message is kept (shortened) because it tells the operator what to do.
 */
export function convertOllamaStatusError(
  status: number,
  name: string,
  bodyText: string,
  headers: Record<string, string | string[] | undefined>,
): AirlockError {
  let message: string | undefined;
  try {
    message = readOllamaErrorMessage(JSON.parse(bodyText));
  } catch {
    message = undefined;
  }
  return convertStatusError(status, name, message, headers);
}

/** An `{"error": ...}` line in the middle of a stream (the model failed after the 200). */
export function createStreamErrorLine(name: string, message: string, emitted: boolean): AirlockError {
  return new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" failed mid-stream: ${message.slice(0, 300)}`, {
    isRetryable: !emitted,
  });
}
