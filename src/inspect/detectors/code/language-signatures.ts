import { COMPILED_SIGNATURES } from './signatures-compiled.js';
import { SCRIPTING_SIGNATURES } from './signatures-scripting.js';

/**
 * What each language's code looks like, as weighted tokens and a few line patterns. Tokens are
 * counted once over a sample (cheap); the handful of patterns catch what tokens cannot (type
 * annotations, `#include <x.h>`). Weights favour tokens that are distinctive for the language:
 * `elif` is Python, `:=` is Go, `fn` + `let mut` is Rust.
 */
export interface LanguageSignature {
  language: string;
  tokens: Readonly<Record<string, number>>;
  /**
   * Pattern, weight, and optionally gates of which every match passes one: a sample passing none
   * of them is not searched (a substring search costs a tenth of a pattern starting with a
   * character class, and the TypeScript patterns are tried on every JavaScript-looking text).
   * A gate is a literal every such match contains, or a test of the sample (`PatternGate`).
   * Each literal starts on a character rare in code (`ype` of `type`, `face` of `interface`,
   * `xtends`, `quire(`): the native search jumps from one occurrence of the first character to the next.
   */
  patterns: readonly (readonly [RegExp, number, (readonly PatternGate[])?])[];
  /**
   * A superset dialect (TypeScript of JavaScript, C++ of C): it scores only its own evidence,
   * and wins, with the base language's score added, when that evidence reaches `DIALECT_EVIDENCE`.
   */
  extends?: string;
}

/** A literal that every match of a pattern contains, or a test that every sample holding a match passes. */
export type PatternGate = string | ((sample: string) => boolean);

export const DIALECT_EVIDENCE = 8;

export const LANGUAGE_SIGNATURES: readonly LanguageSignature[] = [...SCRIPTING_SIGNATURES, ...COMPILED_SIGNATURES];
