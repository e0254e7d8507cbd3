import type { AirlockError } from '../../errors/airlock-error.js';
import { readErrorText } from './read-error-text.js';
import type { UpstreamClient, UpstreamRequest, UpstreamResponse } from './upstream-client.js';

/** Turns a non-2xx reply (status, body text, headers) into the AirlockError to throw. */
export type ErrorConverter = (status: number, bodyText: string, headers: UpstreamResponse['headers']) => AirlockError;

/** What every upstream call of one destination needs: its client, its name for messages, its error dialect. */
export interface UpstreamCall {
  client: UpstreamClient;
  name: string;
  convertError: ErrorConverter;
}

/**
 * Sends a request and resolves once a 2xx status arrives; any other status is read (bounded)
 * and thrown as the destination's converted error, which also releases the connection.
 */
export async function sendUpstream(call: UpstreamCall, upstreamRequest: UpstreamRequest): Promise<UpstreamResponse> {
  const response = await call.client.send(upstreamRequest);
  if (response.status >= 200 && response.status < 300) return response;
  const text = await readErrorText(response, upstreamRequest.signal);
  throw call.convertError(response.status, text, response.headers);
}
