import { AirlockError } from '../../errors/airlock-error.js';
import { parseJsonLines } from '../http/parse-event-stream.js';
import type { UpstreamClient, UpstreamResponse } from '../http/upstream-client.js';
import { convertOllamaStatusError, convertReadFailure } from './ollama-errors.js';

/** An error body is read up to this size; the status alone is enough past it. */
const errorBodyLimit = 64 * 1024;

/** The HTTP calls of one Ollama destination: JSON in, JSON or NDJSON out, Ollama's error dialect. */
export interface OllamaHttp {
  requestJson(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal): Promise<unknown>;
  /** POSTs and yields each NDJSON line parsed; leaving early destroys the body (closing the upstream). */
  streamJsonLines(path: string, body: unknown, signal: AbortSignal, isEmitted: () => boolean): AsyncGenerator<unknown>;
}

export function createOllamaHttp(client: UpstreamClient, name: string): OllamaHttp {
  async function send(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal): Promise<UpstreamResponse> {
    const response = await client.send(body === undefined ? { method, path, signal } : { method, path, body, signal });
    if (response.status >= 200 && response.status < 300) return response;
    const text = await readErrorText(response, signal);
    throw convertOllamaStatusError(response.status, name, text, response.headers);
  }

  async function requestJson(method: 'GET' | 'POST', path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    const response = await send(method, path, body, signal);
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw convertReadFailure(error, name, signal, false);
    }
    try {
      return JSON.parse(text);
    } catch {
      // No cause: the parser's message quotes the body, which may hold completion text.
      throw new AirlockError('UPSTREAM_ERROR', `Destination "${name}" sent a reply that is not valid JSON.`);
    }
  }

  async function* streamJsonLines(path: string, body: unknown, signal: AbortSignal, isEmitted: () => boolean): AsyncGenerator<unknown> {
    const response = await send('POST', path, body, signal);
    try {
      yield* parseJsonLines(response.body);
    } catch (error) {
      throw convertReadFailure(error, name, signal, isEmitted());
    } finally {
      // A consumer that stops early (break, abort) closes the connection, which ends Ollama's generation.
      if (!response.body.readableEnded) response.body.destroy();
    }
  }

  return { requestJson, streamJsonLines };
}

async function readErrorText(response: UpstreamResponse, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buffer);
      size += buffer.length;
      if (size >= errorBodyLimit) break;
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason ?? error;
    // A broken error body still leaves a status worth reporting.
  }
  return Buffer.concat(chunks).subarray(0, errorBodyLimit).toString('utf8');
}
