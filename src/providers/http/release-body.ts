import type { UpstreamResponse } from './upstream-client.js';

/**
 * Destroys a body not read to its end, which aborts the upstream request (no socket is left
 * generating tokens for nobody); a body already ended is left alone.
 */
export function releaseBody(body: UpstreamResponse['body']): void {
  if (body.destroyed) return;
  // The abort surfaces as an 'error' event; nobody is listening any more, so it must not crash.
  body.on('error', () => {});
  body.destroy();
}
