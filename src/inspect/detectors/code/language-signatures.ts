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
  patterns: readonly (readonly [RegExp, number])[];
  /**
   * A superset dialect (TypeScript of JavaScript, C++ of C): it scores only its own evidence,
   * and wins, with the base language's score added, when that evidence reaches `DIALECT_EVIDENCE`.
   */
  extends?: string;
}

/** Own evidence a dialect needs before it is preferred to its base language. */
export const DIALECT_EVIDENCE = 8;

export const LANGUAGE_SIGNATURES: readonly LanguageSignature[] = [...SCRIPTING_SIGNATURES, ...COMPILED_SIGNATURES];
