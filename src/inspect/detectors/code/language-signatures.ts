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

export const LANGUAGE_SIGNATURES: readonly LanguageSignature[] = [
  {
    language: 'python',
    tokens: { def: 2, elif: 3, self: 1.5, None: 1, True: 0.5, False: 0.5, __init__: 3, __name__: 3, except: 2, lambda: 1, isinstance: 2, kwargs: 2, import: 0.5, from: 0.3, yield: 0.5, pass: 0.5, raise: 1, print: 0.5, async: 0.3, await: 0.3, with: 0.2, not: 0.2, and: 0.1, or: 0.1, is: 0.2 },
    patterns: [
      [/^[ \t]*def [A-Za-z_]\w*\([^)\n]{0,200}\)(?:\s*->\s*[^:\n]{1,60})?:[ \t]*$/gm, 4],
      [/^[ \t]*(?:if|elif|for|while|with|try|except|else|class)\b[^\n]{0,200}:[ \t]*$/gm, 1.5],
      [/^[ \t]*(?:from [\w.]{1,80} )?import [\w., ]{1,120}$/gm, 1.5],
    ],
  },
  {
    language: 'javascript',
    tokens: { const: 1, let: 1, var: 0.7, function: 1.5, '=>': 1.5, '===': 2, '!==': 2, require: 1.5, module: 1, exports: 1.5, console: 1.5, undefined: 1.5, typeof: 1.5, prototype: 1.5, this: 0.5, document: 1, window: 1, async: 0.5, await: 0.5, null: 0.5, new: 0.3, return: 0.3, export: 0.8, import: 0.5, from: 0.4 },
    patterns: [
      [/\b(?:const|let|var) [A-Za-z_$][\w$]* = /g, 2],
      [/\bimport [^;\n]{1,200} from ['"][^'"\n]{1,200}['"]/g, 2],
      [/^\} from ['"][^'"\n]{1,200}['"];?$/gm, 2],
      [/\brequire\(['"][^'"\n]{1,200}['"]\)/g, 2],
    ],
  },
  {
    language: 'typescript',
    extends: 'javascript',
    // Only what JavaScript lacks: the shared syntax is JavaScript's score, added when this evidence is enough.
    tokens: { interface: 2, readonly: 2, implements: 1.5, enum: 1, namespace: 1, keyof: 3, unknown: 1, never: 1, declare: 2, satisfies: 3, infer: 2, abstract: 1 },
    // Ordered cheapest and strongest first: scoring stops once the evidence is enough.
    patterns: [
      [/\w\?: /g, 3],
      [/\b(?:import|export) type\b|[{,] type [A-Za-z_]/g, 4],
      [/\b(?:interface|type) [A-Z]\w*(?:<[^>\n]{1,80}>)? (?:=|\{|extends)/g, 4],
      [/[\w)\]?]\s?:\s?(?:string|number|boolean|void|unknown|any|never|Promise<|Record<|readonly |Array<)/g, 3],
      [/\): [A-Z][\w.]*(?:<[^>\n]{1,80}>)?(?:\[\])? (?:\{|=>)/g, 3],
      [/<[A-Z]\w* extends /g, 3],
      [/\n[ \t]+type [A-Z]\w* as [A-Z]\w*,?(?=\n)/g, 3],
    ],
  },
  {
    language: 'java',
    tokens: { public: 1, private: 1, protected: 1, static: 0.5, void: 0.7, final: 1, extends: 0.5, throws: 2, Override: 2, System: 1.5, String: 0.7, package: 0.7, instanceof: 1, boolean: 0.5, class: 0.3, new: 0.3 },
    patterns: [
      [/\b(?:public|private|protected)(?: static)?(?: final)? [A-Z]?\w*(?:<[^>\n]{1,60}>)?(?:\[\])? \w+ ?[(=;]/g, 3],
      [/^import (?:static )?(?:java|javax|org|com)\.[\w.*]{1,200};$/gm, 3],
      [/System\.out\.print/g, 3],
    ],
  },
  {
    language: 'kotlin',
    tokens: { fun: 3, val: 2, var: 0.5, when: 1, override: 1, companion: 3, data: 0.3, suspend: 3, println: 1, lateinit: 3 },
    patterns: [[/\bfun [A-Za-z_]\w*\([^)\n]{0,200}\)(?:: \w+)? ?[{=]/g, 4]],
  },
  {
    language: 'go',
    tokens: { func: 3, package: 1, ':=': 3, nil: 2, err: 1, defer: 3, chan: 3, go: 0.5, fmt: 2, struct: 0.5, range: 0.5, make: 0.5 },
    patterns: [
      [/^package [a-z]\w*$/gm, 4],
      [/\bif err != nil \{/g, 4],
      [/^func (?:\([^)\n]{1,80}\) )?[A-Za-z_]\w*\(/gm, 4],
    ],
  },
  {
    language: 'rust',
    tokens: { fn: 3, mut: 3, impl: 3, pub: 1.5, use: 0.5, '::': 0.5, match: 0.5, Some: 1.5, Ok: 1, Err: 1, crate: 3, unwrap: 2, 'println!': 3, 'vec!': 3, trait: 2, struct: 0.5, enum: 0.5, '->': 0.5, let: 0.5 },
    patterns: [
      [/\blet mut \w+/g, 4],
      [/^[ \t]*(?:pub(?:\(crate\))? )?fn \w+(?:<[^>\n]{1,60}>)?\(/gm, 4],
      [/#\[derive\(/g, 4],
    ],
  },
  {
    language: 'c',
    tokens: { '#include': 2, int: 0.5, char: 1, void: 0.5, struct: 1, sizeof: 2, malloc: 3, free: 1, printf: 2, NULL: 2, '->': 1, unsigned: 2, typedef: 2, static: 0.3, const: 0.2 },
    patterns: [
      [/^#include [<"][\w/.+]{1,80}\.h[>"]/gm, 3],
      [/^#(?:define|ifdef|ifndef|endif|if|pragma)\b/gm, 2],
      [/\b(?:int|void|char|static|unsigned|size_t) \*?\w+\([^)\n]{0,200}\)\s*\{?$/gm, 3],
    ],
  },
  {
    language: 'cpp',
    extends: 'c',
    tokens: { std: 3, cout: 3, template: 2, typename: 2, namespace: 1.5, nullptr: 3, virtual: 2, auto: 1, vector: 1.5, class: 1, operator: 1.5, '::': 1.5, constexpr: 3 },
    patterns: [
      [/^#include <(?:[a-z_]{1,40})>/gm, 4],
      [/\bstd::\w+/g, 2],
      [/\btemplate ?</g, 3],
      [/^[ \t]*(?:public|private|protected):/gm, 3],
    ],
  },
  {
    language: 'csharp',
    tokens: { using: 1, namespace: 1, public: 0.5, private: 0.5, static: 0.3, void: 0.3, var: 0.5, async: 0.5, Task: 2, string: 0.5, get: 0.5, set: 0.5, Console: 2, override: 1, readonly: 0.5, sealed: 2, internal: 1 },
    patterns: [
      [/^using (?:static )?System(?:\.[\w.]{1,80})?;$/gm, 4],
      [/\{ ?get; ?(?:(?:private |init|protected )?set;)? ?\}/g, 4],
      [/\bpublic (?:async )?(?:static )?(?:Task|void|string|int|bool|IActionResult)(?:<[^>\n]{1,60}>)? \w+\(/g, 3],
    ],
  },
  {
    language: 'ruby',
    tokens: { def: 1, end: 1.5, puts: 3, require: 0.5, attr_accessor: 4, attr_reader: 4, elsif: 3, unless: 2, nil: 1, do: 0.5, module: 0.5 },
    patterns: [
      [/^[ \t]*def [a-z_]\w*[?!]?(?:\([^)\n]{0,200}\))?[ \t]*$/gm, 3],
      [/\bdo \|[\w, ]{1,60}\|/g, 4],
      [/^[ \t]*end$/gm, 1],
    ],
  },
  {
    language: 'php',
    tokens: { '<?php': 6, echo: 1.5, function: 0.5, '->': 1, '=>': 0.5, namespace: 0.5, array: 1, isset: 3, foreach: 1.5, public: 0.3, '$': 0.5 },
    patterns: [
      [/\$[A-Za-z_]\w* ?=[^=]/g, 2],
      [/\$this->/g, 3],
    ],
  },
  {
    language: 'shell',
    tokens: { '#!/bin/bash': 6, '#!/bin/sh': 6, '#!/usr/bin/env': 2, echo: 1, fi: 3, then: 1, done: 1, esac: 4, grep: 1, sed: 1, awk: 1, sudo: 1.5, apt: 1, curl: 0.5, '$': 0.3 },
    patterns: [
      [/^[ \t]*(?:if|elif|while) \[\[? [^\n]{1,200}\]\]?;? ?(?:then|do)?$/gm, 4],
      [/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, 0.5],
      [/^[ \t]*(?:sudo )?(?:apt(?:-get)?|npm|pip|yarn|brew|docker|git|kubectl|cd|mkdir|chmod) [^\n]{1,200}$/gm, 1.5],
      [/^[ \t]*export [A-Za-z_][A-Za-z0-9_]*=/gm, 2],
    ],
  },
  {
    language: 'sql',
    tokens: {
      SELECT: 2, FROM: 1, WHERE: 1.5, INSERT: 2, INTO: 1, VALUES: 1.5, UPDATE: 1, SET: 0.5, DELETE: 1, JOIN: 2, CREATE: 1.5, TABLE: 1.5,
      GROUP: 1, ORDER: 1, BY: 0.5, PRIMARY: 2, KEY: 0.5, VARCHAR: 3, INTEGER: 1, FUNCTION: 1, RETURNS: 2, LANGUAGE: 1, ALTER: 1.5,
      INDEX: 1, VIEW: 1, NULL: 0.5, NOT: 0.3, select: 1, where: 0.3, insert: 1, varchar: 3, returns: 1,
    },
    patterns: [
      [/\bSELECT\b[^;]{1,400}?\bFROM\b/gi, 3],
      [/\b(?:INSERT INTO|CREATE (?:OR REPLACE )?(?:TABLE|VIEW|FUNCTION|INDEX|TRIGGER|PROCEDURE)|ALTER TABLE|UPDATE \w+ SET)\b/gi, 4],
    ],
  },
];
