import type { UpstreamResponse } from './upstream-client.js';

/**
 * Lets go of a body the reader is done with. A body whose stream the protocol already ended
 * (`finished`: `[DONE]`, `message_stop`, ...) is drained, so its keep-alive connection goes back to
 * the pool (readers stop at the final event, usually before the body's own end arrives; tearing
 * the connection down would cost the next request a new TCP and TLS handshake). Any other body
 * not read to its end is destroyed, which aborts the upstream request: no socket is left
 * generating tokens for nobody. A body already ended is left alone.
 */
export function releaseBody(body: UpstreamResponse['body'], finished = false): void {
  if (body.destroyed) return;
  // An abort or a late socket error surfaces as an 'error' event; nobody is listening any more,
  // so it must not crash.
  body.on('error', () => {});
  if (finished) {
    body.resume();
    return;
  }
  body.destroy();
}
