/** A request or token amount admitted at a time, kept while it is inside the window. */
interface Entry {
  id: string;
  at: number;
  tokens: number;
}

/** A FIFO of entries in admission order, with O(1) amortised removal from the front. */
class EntryQueue {
  private items: Entry[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(entry: Entry): void {
    this.items.push(entry);
  }

  at(index: number): Entry | undefined {
    return this.items[this.head + index];
  }

  shift(): Entry | undefined {
    const entry = this.items[this.head];
    if (entry === undefined) return undefined;
    this.head += 1;
    if (this.head > 1_024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return entry;
  }
}

/**
 * One subject's sliding window in memory: a log of admitted requests, a log of token amounts
 * (with a running sum) and the set of in-flight requests. Mirrors the Redis script exactly.
 */
export class SlidingWindow {
  private readonly requests = new EntryQueue();
  private readonly tokenLog = new EntryQueue();
  private readonly tokensById = new Map<string, Entry>();
  private tokenSum = 0;
  readonly inFlight = new Set<string>();

  constructor(private readonly windowMs: number) {}

  /** Drops what left the window: entries admitted at or before `now - windowMs`. */
  trim(now: number): void {
    const cutoff = now - this.windowMs;
    while ((this.requests.at(0)?.at ?? Infinity) <= cutoff) this.requests.shift();
    while ((this.tokenLog.at(0)?.at ?? Infinity) <= cutoff) {
      const entry = this.tokenLog.shift();
      if (entry === undefined) break;
      this.tokenSum -= entry.tokens;
      this.tokensById.delete(entry.id);
    }
  }

  get requestCount(): number {
    return this.requests.length;
  }

  get tokens(): number {
    return this.tokenSum;
  }

  get oldestRequestAt(): number | null {
    return this.requests.at(0)?.at ?? null;
  }

  get oldestTokenAt(): number | null {
    return this.tokenLog.at(0)?.at ?? null;
  }

  get isIdle(): boolean {
    return this.requests.length === 0 && this.tokenLog.length === 0 && this.inFlight.size === 0;
  }

  /** Milliseconds until one more request fits under `limit`. */
  requestsRetryMs(limit: number, now: number): number {
    const blocking = this.requests.at(this.requests.length - limit);
    return limit === 0 || blocking === undefined ? this.windowMs : blocking.at + this.windowMs - now;
  }

  /** Milliseconds until `needed` tokens have left the window (the whole window if they never will). */
  tokensRetryMs(needed: number, limit: number, now: number): number {
    if (needed > limit) return this.windowMs;
    const target = this.tokenSum + needed - limit;
    let freed = 0;
    for (let index = 0; index < this.tokenLog.length; index += 1) {
      const entry = this.tokenLog.at(index);
      if (entry === undefined) break;
      freed += entry.tokens;
      if (freed >= target) return entry.at + this.windowMs - now;
    }
    return this.windowMs;
  }

  recordRequest(id: string, now: number): void {
    this.requests.push({ id, at: now, tokens: 0 });
  }

  recordTokens(id: string, tokens: number, now: number): void {
    const entry = { id, at: now, tokens };
    this.tokenLog.push(entry);
    this.tokensById.set(id, entry);
    this.tokenSum += tokens;
  }

  /** Replaces a request's estimate by its actual tokens; if it already left the window, charges the excess now. */
  correctTokens(id: string, estimate: number, actual: number, now: number): void {
    const entry = this.tokensById.get(id);
    if (entry !== undefined) {
      this.tokenSum += actual - entry.tokens;
      entry.tokens = actual;
    } else if (actual > estimate) {
      this.recordTokens(`${id}#late`, actual - estimate, now);
    }
  }
}
