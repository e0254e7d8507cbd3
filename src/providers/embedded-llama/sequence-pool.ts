import type { LlamaContextSequence } from 'node-llama-cpp';

interface Waiter {
  resolve: (sequence: LlamaContextSequence) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal;
  onAbort: () => void;
}

/**
 * Hands out the context's sequences, one generation each. When all are busy, callers wait in a
 * FIFO queue; a waiter whose signal aborts leaves the queue at once. Sequences are kept (not
 * disposed) between requests so a prompt sharing a prefix with the previous one (autocomplete
 * on the same file) reuses the evaluated KV cache.
 */
export interface SequencePool {
  acquire(signal: AbortSignal): Promise<LlamaContextSequence>;
  release(sequence: LlamaContextSequence): void;
  /** Rejects every waiter; used on close. */
  rejectAll(reason: unknown): void;
}

export function createSequencePool(sequences: LlamaContextSequence[]): SequencePool {
  // Last released, first reused: that sequence's cache most likely holds the next prompt's prefix.
  const idle = [...sequences];
  const queue: Waiter[] = [];

  function acquire(signal: AbortSignal): Promise<LlamaContextSequence> {
    if (signal.aborted) return Promise.reject(signal.reason);
    const sequence = idle.pop();
    if (sequence) return Promise.resolve(sequence);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = queue.indexOf(waiter);
          if (index !== -1) queue.splice(index, 1);
          reject(signal.reason);
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      queue.push(waiter);
    });
  }

  function release(sequence: LlamaContextSequence): void {
    const waiter = queue.shift();
    if (!waiter) {
      idle.push(sequence);
      return;
    }
    waiter.signal.removeEventListener('abort', waiter.onAbort);
    waiter.resolve(sequence);
  }

  function rejectAll(reason: unknown): void {
    for (const waiter of queue.splice(0)) {
      waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.reject(reason);
    }
  }

  return { acquire, release, rejectAll };
}
