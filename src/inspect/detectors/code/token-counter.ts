/**
 * Counts vocabulary tokens in a sample without allocating a string per token: identifiers are
 * hashed while scanned and looked up by hash, then confirmed in place. The source-code signal
 * runs on every text, so this loop is most of its cost.
 */
export interface TokenCounter {
  /** Index of each vocabulary token in the counts array. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Counts per vocabulary index, in `into` (zeroed first) when given, else in a new array. */
  count(sample: string, into?: Int32Array): Int32Array;
}

const DIRECTIVES = ['#!/bin/bash', '#!/bin/sh', '#!/usr/bin/env', '#include'] as const;

/** Per ASCII code: IDENTIFIER_START (letters, `_`), DIGIT, or OPERATOR_START (`:=-!$<#`); 0 otherwise. */
const CHARACTER_KIND = new Uint8Array(128);
const IDENTIFIER_START = 1;
const DIGIT = 2;
const OPERATOR_START = 4;
for (let code = 0; code < 128; code++) {
  const character = String.fromCharCode(code);
  if (/[A-Za-z_]/.test(character)) CHARACTER_KIND[code] = IDENTIFIER_START;
  else if (/[0-9]/.test(character)) CHARACTER_KIND[code] = DIGIT;
}
for (const character of ':=-!$<#') CHARACTER_KIND[character.charCodeAt(0)] = OPERATOR_START;

function kindOf(code: number): number {
  return code < 128 ? CHARACTER_KIND[code]! : 0;
}

function hashToken(text: string, start: number, end: number): number {
  let hash = 2166136261;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return hash >>> 0;
}

/** Vocabulary slots of the operator tokens (-1 when a token is not in the vocabulary). */
interface OperatorSlots {
  assign: number; // :=
  scope: number; // ::
  strictEqual: number; // ===
  arrow: number; // =>
  thinArrow: number; // ->
  strictNotEqual: number; // !==
  dollar: number; // $
  php: number; // <?php
  directives: readonly (readonly [string, number])[];
}

/**
 * The operator token at `index` as `slot * 32 + length`, or -1. Switching on the first character
 * keeps this to a compare or two per punctuation character, and a number (not a pair) is returned
 * so nothing is allocated per operator.
 */
function matchOperator(sample: string, index: number, code: number, slots: OperatorSlots): number {
  const next = sample.charCodeAt(index + 1);
  switch (code) {
    case 58: // :
      if (next === 61) return encode(slots.assign, 2);
      return next === 58 ? encode(slots.scope, 2) : -1;
    case 61: // =
      if (next === 62) return encode(slots.arrow, 2);
      return next === 61 && sample.charCodeAt(index + 2) === 61 ? encode(slots.strictEqual, 3) : -1;
    case 45: // -
      return next === 62 ? encode(slots.thinArrow, 2) : -1;
    case 33: // !
      return next === 61 && sample.charCodeAt(index + 2) === 61 ? encode(slots.strictNotEqual, 3) : -1;
    case 36: // $
      return kindOf(next) === IDENTIFIER_START || next === 123 ? encode(slots.dollar, 1) : -1;
    case 60: // <
      return sample.startsWith('<?php', index) ? encode(slots.php, 5) : -1;
    case 35: // #
      for (const [token, slot] of slots.directives) if (sample.startsWith(token, index)) return encode(slot, token.length);
      return -1;
    default:
      return -1;
  }
}

function encode(slot: number, length: number): number {
  return slot < 0 ? -1 : slot * 32 + length;
}

/**
 * Open-addressing table keyed by the 32-bit FNV hash and the length: no strings, no Map, no
 * iterator per identifier. A false hit needs a 32-bit collision with a vocabulary word of the
 * same length, which can only nudge a heuristic score.
 */
interface HashTable {
  mask: number;
  hashes: Uint32Array;
  lengths: Uint8Array;
  slots: Int16Array;
  /** Longest vocabulary token: longer identifiers are not looked up. */
  maxLength: number;
}

function createHashTable(indexOf: ReadonlyMap<string, number>): HashTable {
  const size = 1 << Math.ceil(Math.log2(indexOf.size * 4 + 1));
  const table: HashTable = {
    mask: size - 1,
    hashes: new Uint32Array(size),
    lengths: new Uint8Array(size),
    slots: new Int16Array(size).fill(-1),
    maxLength: 0,
  };
  for (const [token, index] of indexOf) {
    const hash = hashToken(token, 0, token.length);
    let slot = hash & table.mask;
    while (table.slots[slot] !== -1) slot = (slot + 1) & table.mask;
    table.hashes[slot] = hash;
    table.lengths[slot] = token.length;
    table.slots[slot] = index;
    table.maxLength = Math.max(table.maxLength, token.length);
  }
  return table;
}

/** The vocabulary slot of the token with this hash and length, or -1. */
function lookUp(table: HashTable, hash: number, length: number): number {
  if (length > table.maxLength) return -1;
  for (let slot = hash & table.mask; table.slots[slot] !== -1; slot = (slot + 1) & table.mask) {
    if (table.hashes[slot] === hash && table.lengths[slot] === length) return table.slots[slot]!;
  }
  return -1;
}

export function createTokenCounter(vocabulary: Iterable<string>): TokenCounter {
  const indexOf = new Map<string, number>();
  for (const token of vocabulary) if (!indexOf.has(token)) indexOf.set(token, indexOf.size);
  const table = createHashTable(indexOf);
  const slot = (token: string): number => indexOf.get(token) ?? -1;
  const operators: OperatorSlots = {
    assign: slot(':='),
    scope: slot('::'),
    strictEqual: slot('==='),
    arrow: slot('=>'),
    thinArrow: slot('->'),
    strictNotEqual: slot('!=='),
    dollar: slot('$'),
    php: slot('<?php'),
    directives: DIRECTIVES.map((token) => [token, slot(token)] as const).filter(([, index]) => index >= 0),
  };

  return {
    indexOf,
    count(sample, into) {
      const counts = into === undefined ? new Int32Array(indexOf.size) : into.fill(0);
      const length = sample.length;
      let index = 0;
      while (index < length) {
        const code = sample.charCodeAt(index);
        const kind = kindOf(code);
        if (kind === IDENTIFIER_START) {
          // Hash while scanning (FNV-1a, as hashToken) so the identifier is never copied.
          let hash = Math.imul(2166136261 ^ code, 16777619);
          let end = index + 1;
          let next = 0;
          while (end < length) {
            next = sample.charCodeAt(end);
            if ((kindOf(next) & (IDENTIFIER_START | DIGIT)) === 0) break;
            hash = Math.imul(hash ^ next, 16777619);
            end++;
          }
          // `println!`, `vec!`: Rust macros count with their bang.
          let found = next === 33 && end < length ? lookUp(table, Math.imul(hash ^ 33, 16777619) >>> 0, end + 1 - index) : -1;
          if (found < 0) found = lookUp(table, hash >>> 0, end - index);
          if (found >= 0) counts[found]!++;
          index = end;
        } else if (kind === OPERATOR_START) {
          const operator = matchOperator(sample, index, code, operators);
          if (operator >= 0) counts[operator >> 5]!++;
          index += operator >= 0 ? operator & 31 : 1;
        } else index++;
      }
      return counts;
    },
  };
}
