import { convertStreamFailure } from '../http/convert-stream-failure.js';
import { parseJsonLines } from '../http/parse-event-stream.js';
import { readJsonBody } from '../http/read-json-body.js';
import { releaseBody } from '../http/release-body.js';
import { sendUpstream, type UpstreamCall } from '../http/send-upstream.js';
import type { UpstreamClient } from '../http/upstream-client.js';
import { convertOllamaStatusError } from './ollama-errors.js';

/** The HTTP calls of one Ollama destination: JSON in, JSON or NDJSON out, Ollama's error dialect. */
export interface OllamaHttp {
  requestJson(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal): Promise<unknown>;
  /** POSTs and yields each NDJSON line parsed; leaving early destroys the body (closing the upstream). */
  streamJsonLines(path: string, body: unknown, signal: AbortSignal, isEmitted: () => boolean): AsyncGenerator<unknown>;
}

export function createOllamaHttp(client: UpstreamClient, name: string): OllamaHttp {
  const convertError: UpstreamCall['convertError'] = (status, text, headers) => convertOllamaStatusError(status, name, text, headers);
  const call: UpstreamCall = { client, name, convertError };

  async function requestJson(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    const response = await sendUpstream(call, body === undefined ? { method, path, signal } : { method, path, body, signal });
    return readJsonBody(response, name, signal);
  }

  async function* streamJsonLines(path: string, body: unknown, signal: AbortSignal, isEmitted: () => boolean): AsyncGenerator<unknown> {
    const response = await sendUpstream(call, { method: 'POST', path, body, signal });
    try {
      yield* parseJsonLines(response.body);
    } catch (error) {
      throw convertStreamFailure(error, name, signal, isEmitted());
    } finally {
      // A consumer that stops early (break, abort) closes the connection, which ends Ollama's generation.
      releaseBody(response.body);
    }
  }

  return { requestJson, streamJsonLines };
}
