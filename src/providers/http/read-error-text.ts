import type { UpstreamResponse } from './upstream-client.js';

/** An error body is read up to this size (an HTML error page from a proxy can be large). */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Reads the body of an error reply, at most 64 KiB, as text. A body that breaks off still leaves a
 * status worth reporting, so a read failure yields what arrived; only a client abort is rethrown.
 */
export async function readErrorText(response: UpstreamResponse, signal: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buffer);
      size += buffer.length;
      // Leaving the loop destroys the rest of the body; the status alone is enough to report.
      if (size >= ERROR_BODY_LIMIT) break;
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason ?? error;
  }
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString('utf8');
}
