import type { AirlockError } from '../../errors/airlock-error.js';
import type { ErrorRenderer } from '../../server/error-rendering.js';

/**
 * Ollama's error body is `{"error": "message"}`; its clients show `error` and ignore the rest, so
 * Airlock's stable code rides along in an extra `code` field (and `param` when a field is at fault).
 */
export function renderOllamaError(error: AirlockError): { error: string; code: string; param?: string } {
  return { error: error.message, code: error.code, ...(error.param === undefined ? {} : { param: error.param }) };
}

/** A failure after an NDJSON stream started: one last line with the error, as Ollama sends it. */
export function renderOllamaStreamError(error: AirlockError): string {
  return `${JSON.stringify(renderOllamaError(error))}\n`;
}

/** Every path of the Ollama listener except its `/v1/` OpenAI routes. */
export const ollamaErrorRenderer: ErrorRenderer = { prefixes: ['/'], renderBody: renderOllamaError };
