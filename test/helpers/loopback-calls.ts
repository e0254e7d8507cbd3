/** Small helpers for tests that call a provider (or any client) against a loopback server. */

/** Call options with a fresh (or the given) abort signal. */
export function createCallOptions(signal: AbortSignal = new AbortController().signal): { signal: AbortSignal; requestId: string } {
  return { signal, requestId: 'req-test-1' };
}

/** Runs a call expected to fail and returns what it threw; fails the test if it succeeds. */
export async function captureError(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('Expected a failure, but the call succeeded.');
}

/** Reads a whole stream, returning the events received and, when it failed, what it threw. */
export async function collectStream<T>(stream: AsyncIterable<T>): Promise<{ events: T[]; error?: unknown }> {
  const events: T[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events };
}

/** Resolves with `true` when `promise` settles within `ms`, `false` otherwise. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return result;
}
