export interface StopMatch {
  /** Text safe to emit now. */
  text: string;
  /** True when a stop string was found; `text` is everything before it. */
  stopped: boolean;
}

/**
 * Finds stop strings in streamed text. It holds back only the shortest tail that could still
 * become a stop string, so text reaches the client as soon as it cannot be part of one.
 */
export interface StopMatcher {
  push(text: string): StopMatch;
  /** The held-back tail once generation ends without a stop. */
  flush(): string;
}

export function createStopMatcher(stopStrings: readonly string[]): StopMatcher {
  const stops = stopStrings.filter((stop) => stop !== '');
  let pending = '';

  function push(text: string): StopMatch {
    pending += text;
    let stopAt = -1;
    for (const stop of stops) {
      const index = pending.indexOf(stop);
      if (index !== -1 && (stopAt === -1 || index < stopAt)) stopAt = index;
    }
    if (stopAt !== -1) {
      const before = pending.slice(0, stopAt);
      pending = '';
      return { text: before, stopped: true };
    }
    const keep = measureHeldTail(pending, stops);
    const ready = pending.slice(0, pending.length - keep);
    pending = pending.slice(pending.length - keep);
    return { text: ready, stopped: false };
  }

  function flush(): string {
    const rest = pending;
    pending = '';
    return rest;
  }

  return { push, flush };
}

/** Length of the longest end of `text` that is the beginning of some stop string. */
function measureHeldTail(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    const limit = Math.min(stop.length - 1, text.length);
    for (let length = limit; length > longest; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}
