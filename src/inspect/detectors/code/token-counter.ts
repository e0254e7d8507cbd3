/**
 * Counts vocabulary tokens in a sample without allocating a string per token: identifiers are
 * hashed while scanned and looked up by hash, then confirmed in place. The source-code signal
 * runs on every text, so this loop is most of its cost.
 */
export interface TokenCounter {
  /** Index of each vocabulary token in the counts array. */
  readonly indexOf: ReadonlyMap<string, number>;
  count(sample: string): Int32Array;
}

const OPERATORS = [':=', '=>', '->', '===', '!==', '::'] as const;
const DIRECTIVES = ['#!/bin/bash', '#!/bin/sh', '#!/usr/bin/env', '#include', '<?php'] as const;

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= 48 && code <= 57);
}

function hashToken(text: string, start: number, end: number): number {
  let hash = 2166136261;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return hash >>> 0;
}

export function createTokenCounter(vocabulary: Iterable<string>): TokenCounter {
  const indexOf = new Map<string, number>();
  for (const token of vocabulary) if (!indexOf.has(token)) indexOf.set(token, indexOf.size);
  // Open-addressing table keyed by the 32-bit FNV hash and the length: no strings, no Map, no
  // iterator per identifier. A false hit needs a 32-bit collision with a vocabulary word of the
  // same length, which can only nudge a heuristic score.
  const size = 1 << Math.ceil(Math.log2(indexOf.size * 4 + 1));
  const hashes = new Uint32Array(size);
  const lengths = new Uint8Array(size);
  const slots = new Int16Array(size).fill(-1);
  for (const [token, index] of indexOf) {
    let slot = hashToken(token, 0, token.length) & (size - 1);
    while (slots[slot] !== -1) slot = (slot + 1) & (size - 1);
    hashes[slot] = hashToken(token, 0, token.length);
    lengths[slot] = token.length;
    slots[slot] = index;
  }
  const confirm = (hash: number, length: number): number => {
    for (let slot = hash & (size - 1); slots[slot] !== -1; slot = (slot + 1) & (size - 1)) {
      if (hashes[slot] === hash && lengths[slot] === length) return slots[slot]!;
    }
    return -1;
  };
  const punctuation = [...OPERATORS, ...DIRECTIVES, '$'].filter((token) => indexOf.has(token));

  return {
    indexOf,
    count(sample) {
      const counts = new Int32Array(indexOf.size);
      const length = sample.length;
      for (let index = 0; index < length; ) {
        const code = sample.charCodeAt(index);
        if (isIdentifierStart(code)) {
          // Hash while scanning (FNV-1a, as hashToken) so the identifier is never copied.
          let hash = Math.imul(2166136261 ^ code, 16777619);
          let end = index + 1;
          for (let next = sample.charCodeAt(end); end < length && isIdentifierPart(next); next = sample.charCodeAt(++end)) {
            hash = Math.imul(hash ^ next, 16777619);
          }
          // `println!`, `vec!`: Rust macros count with their bang.
          let found = -1;
          if (sample.charCodeAt(end) === 33) found = confirm(Math.imul(hash ^ 33, 16777619) >>> 0, end + 1 - index);
          if (found < 0) found = confirm(hash >>> 0, end - index);
          if (found >= 0) counts[found]!++;
          index = end;
          continue;
        }
        if (code === 58 || code === 61 || code === 45 || code === 33 || code === 35 || code === 60 || code === 36) {
          for (const token of punctuation) {
            if (!sample.startsWith(token, index)) continue;
            if (token === '$' && !isIdentifierStart(sample.charCodeAt(index + 1)) && sample.charCodeAt(index + 1) !== 123) continue;
            counts[indexOf.get(token)!]!++;
            index += token.length - 1;
            break;
          }
        }
        index++;
      }
      return counts;
    },
  };
}
