/**
 * Passes `chunks` through, inserting `ping` whenever the source stays silent for `intervalMs`
 * (a local model reading a long prompt, a slow destination), as Anthropic does to keep idle
 * connections and client read timeouts from cutting a stream that is still alive. When the
 * consumer stops early, the source is returned without waiting for a read already under way
 * (the request's abort signal ends that read).
 */
export async function* interleavePings(chunks: AsyncIterable<string>, intervalMs: number, ping: string): AsyncGenerator<string> {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<string>> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  try {
    for (;;) {
      pending ??= iterator.next();
      const silence = new Promise<'silence'>((resolve) => {
        timer = setTimeout(resolve, intervalMs, 'silence');
      });
      const next = await Promise.race([pending, silence]);
      clearTimeout(timer);
      if (next === 'silence') {
        yield ping;
        continue;
      }
      pending = undefined;
      if (next.done) break;
      yield next.value;
    }
    finished = true;
  } finally {
    clearTimeout(timer);
    if (!finished) {
      // A read still under way may reject once the request is aborted; nobody waits for it now.
      pending?.catch(() => undefined);
      if (pending) void iterator.return?.().catch(() => undefined);
      else await iterator.return?.();
    }
  }
}
