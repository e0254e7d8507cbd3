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

const DIRECTIVES = ['#!/bin/bash', '#!/bin/sh', '#!/usr/bin/env', '#include'] as const;

/** 1: may start an identifier; 2: may continue one. */
const IDENTIFIER = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const character = String.fromCharCode(code);
  if (/[A-Za-z_]/.test(character)) IDENTIFIER[code] = 1;
  else if (/[0-9]/.test(character)) IDENTIFIER[code] = 2;
}

function isIdentifierStart(code: number): boolean {
  return code < 128 && IDENTIFIER[code] === 1;
}

function isIdentifierPart(code: number): boolean {
  return code < 128 && IDENTIFIER[code] !== 0;
}

function hashToken(text: string, start: number, end: number): number {
  let hash = 2166136261;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return hash >>> 0;
}

type OperatorSlots = Readonly<Record<':=' | '::' | '===' | '=>' | '->' | '!==' | '$' | '<?php', number>>;

/**
 * The operator token at `index` (its slot and length), or null. Switching on the first
 * character keeps this to a compare or two per punctuation character.
 */
function matchOperator(
  sample: string,
  index: number,
  code: number,
  operators: OperatorSlots,
  directives: readonly (readonly [string, number])[],
): readonly [number, number] | null {
  const next = sample.charCodeAt(index + 1);
  switch (code) {
    case 58: // :
      if (next === 61) return [operators[':='], 2];
      return next === 58 ? [operators['::'], 2] : null;
    case 61: // =
      if (next === 62) return [operators['=>'], 2];
      return next === 61 && sample.charCodeAt(index + 2) === 61 ? [operators['==='], 3] : null;
    case 45: // -
      return next === 62 ? [operators['->'], 2] : null;
    case 33: // !
      return next === 61 && sample.charCodeAt(index + 2) === 61 ? [operators['!=='], 3] : null;
    case 36: // $
      return isIdentifierStart(next) || next === 123 ? [operators.$, 1] : null;
    case 60: // <
      return sample.startsWith('<?php', index) ? [operators['<?php'], 5] : null;
    case 35: // #
      for (const [token, slot] of directives) if (sample.startsWith(token, index)) return [slot, token.length];
      return null;
    default:
      return null;
  }
}

/**
 * Open-addressing table keyed by the 32-bit FNV hash and the length: no strings, no Map, no
 * iterator per identifier. A false hit needs a 32-bit collision with a vocabulary word of the
 * same length, which can only nudge a heuristic score. Returns the lookup: slot or -1.
 */
function createHashLookup(indexOf: ReadonlyMap<string, number>): (hash: number, length: number) => number {
  const size = 1 << Math.ceil(Math.log2(indexOf.size * 4 + 1));
  const hashes = new Uint32Array(size);
  const lengths = new Uint8Array(size);
  const slots = new Int16Array(size).fill(-1);
  for (const [token, index] of indexOf) {
    const hash = hashToken(token, 0, token.length);
    let slot = hash & (size - 1);
    while (slots[slot] !== -1) slot = (slot + 1) & (size - 1);
    hashes[slot] = hash;
    lengths[slot] = token.length;
    slots[slot] = index;
  }
  return (hash, length) => {
    for (let slot = hash & (size - 1); slots[slot] !== -1; slot = (slot + 1) & (size - 1)) {
      if (hashes[slot] === hash && lengths[slot] === length) return slots[slot]!;
    }
    return -1;
  };
}

export function createTokenCounter(vocabulary: Iterable<string>): TokenCounter {
  const indexOf = new Map<string, number>();
  for (const token of vocabulary) if (!indexOf.has(token)) indexOf.set(token, indexOf.size);
  const confirm = createHashLookup(indexOf);
  const slot = (token: string): number => indexOf.get(token) ?? -1;
  const operators: OperatorSlots = {
    ':=': slot(':='),
    '::': slot('::'),
    '===': slot('==='),
    '=>': slot('=>'),
    '->': slot('->'),
    '!==': slot('!=='),
    $: slot('$'),
    '<?php': slot('<?php'),
  };
  const directives = DIRECTIVES.map((token) => [token, slot(token)] as const).filter(([, index]) => index >= 0);

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
        const operator = code < 128 && OPERATOR_START[code] === 1 ? matchOperator(sample, index, code, operators, directives) : null;
        if (operator !== null && operator[0] >= 0) {
          counts[operator[0]]!++;
          index += operator[1];
          continue;
        }
        index++;
      }
      return counts;
    },
  };
}

const OPERATOR_START = new Uint8Array(128);
for (const character of ':=-!$<#') OPERATOR_START[character.charCodeAt(0)] = 1;
