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
   * Pattern, weight, and optionally literals of which every match contains one: a sample holding
   * none of them is not searched (a substring search costs a tenth of a pattern starting with a
   * character class, and the TypeScript patterns are tried on every JavaScript-looking text).
   * Each literal starts on a character rare in code (`ype` of `type`, `face` of `interface`, `xtends`, `quire(`): the
   * native search jumps from one occurrence of the first character to the next.
   */
  patterns: readonly (readonly [RegExp, number, (readonly string[])?])[];
  /**
   * A superset dialect (TypeScript of JavaScript, C++ of C): it scores only its own evidence,
   * and wins, with the base language's score added, when that evidence reaches `DIALECT_EVIDENCE`.
   */
  extends?: string;
}

/** Own evidence a dialect needs before it is preferred to its base language. */
export const DIALECT_EVIDENCE = 8;

export const LANGUAGE_SIGNATURES: readonly LanguageSignature[] = [...SCRIPTING_SIGNATURES, ...COMPILED_SIGNATURES];
