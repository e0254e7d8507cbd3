import { AirlockError } from '../../errors/airlock-error.js';
import { convertNetworkError, type UpstreamResponse } from './upstream-client.js';

/** Reads a whole 2xx body as JSON; a body that is not JSON is a malformed reply, never a crash. */
export async function readJsonBody(response: UpstreamResponse, name: string, signal: AbortSignal): Promise<unknown> {
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    throw convertNetworkError(error, name, false, signal);
  }
  try {
    return JSON.parse(text);
  } catch {
    // No cause: a parser message quotes the body, which may hold completion text.
    throw new AirlockError('UPSTREAM_ERROR', `Destination "${name}" sent a reply that is not valid JSON.`);
  }
}
