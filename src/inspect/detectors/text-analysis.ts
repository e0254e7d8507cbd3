import type { DetectContext } from '../types.js';

/**
 * Work on one text that several detectors need, done once per text and only if one asks for it.
 * The engine puts one in the context of every detector it runs on a text; a detector called
 * directly (tests) gets a fresh one from `analyzeText`.
 */
export class TextAnalysis {
  #numberRuns: readonly number[] | undefined;

  /** `numberRuns`, when already found (the engine's prefilter pass finds them); else found on first use. */
  constructor(
    readonly text: string,
    numberRuns?: readonly number[],
  ) {
    this.#numberRuns = numberRuns;
  }

  /**
   * The maximal runs of `[0-9 ().+-]` holding a digit, as `start, end, digits, dots` quadruples in
   * text order. Phone, card, SSN and IPv4 patterns match only these characters, so each match lies
   * in one run (with as many digits as the match); street addresses start at a digit of one, and an
   * IBAN two letters before one starts. One pass over the text finds where all of them need to look,
   * instead of one pass over every digit of the text per detector.
   */
  get numberRuns(): readonly number[] {
    this.#numberRuns ??= findNumberRuns(this.text);
    return this.#numberRuns;
  }
}

/** The analysis the engine shared for `text`, or a new one when there is none (or it is for another text). */
export function analyzeText(text: string, context: DetectContext): TextAnalysis {
  const shared = context.analysis;
  return shared !== undefined && shared.text === text ? shared : new TextAnalysis(text);
}

/**
 * A digit and every run character after it: greedy, so a match ends where the run ends. Tested
 * rather than executed (no match object per run, and there is one every few hundred characters of
 * code); the start is found walking back over the run, which also counts its digits and dots.
 */
const NUMBER_RUN = /\d[\d ().+-]*/g;

function isRunSeparator(code: number): boolean {
  return code === 32 || code === 40 || code === 41 || code === 46 || code === 43 || code === 45;
}

function findNumberRuns(text: string): number[] {
  const runs: number[] = [];
  NUMBER_RUN.lastIndex = 0;
  while (NUMBER_RUN.test(text)) {
    const end = NUMBER_RUN.lastIndex;
    let start = end;
    let digits = 0;
    let dots = 0;
    for (; start > 0; start--) {
      const code = text.charCodeAt(start - 1);
      if (code >= 48 && code <= 57) digits++;
      else if (code === 46) dots++;
      else if (!isRunSeparator(code)) break;
    }
    runs.push(start, end, digits, dots);
  }
  return runs;
}

/**
 * The matches of `sticky` starting inside the number runs that hold at least `minDigits` digits
 * and `minDots` dots, tried only where `canStart` allows, leftmost first and without overlap.
 * When every match of the pattern starts inside such a run (its digits and dots lie in one run),
 * these are exactly the matches a global search over the whole text would find.
 */
export function matchNumberRuns(
  analysis: TextAnalysis,
  sticky: RegExp,
  minDigits: number,
  minDots: number,
  canStart: (text: string, index: number) => boolean,
): RegExpExecArray[] {
  const { text, numberRuns } = analysis;
  const matches: RegExpExecArray[] = [];
  // A match may run past its run (a `/24` after an address): the search resumes after it.
  let resumeAt = 0;
  for (let run = 0; run < numberRuns.length; run += 4) {
    if (numberRuns[run + 2]! < minDigits || numberRuns[run + 3]! < minDots) continue;
    const end = numberRuns[run + 1]!;
    for (let index = Math.max(resumeAt, numberRuns[run]!); index < end; index++) {
      if (!canStart(text, index)) continue;
      sticky.lastIndex = index;
      const match = sticky.exec(text);
      if (match === null) continue;
      matches.push(match);
      resumeAt = index + Math.max(1, match[0].length);
      index = resumeAt - 1;
    }
  }
  return matches;
}

/**
 * Where phone, card and SSN patterns may start: a digit, `+` or `(` that does not follow a word
 * character, dot, plus or minus (their common `(?<![\w.+-])`). Within `555-123-4567` only the
 * first digit qualifies, so most offsets of a run cost one comparison instead of a regex call.
 */
export function isNumberStart(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (!((code >= 48 && code <= 57) || code === 43 || code === 40)) return false;
  const before = text.charCodeAt(index - 1);
  const isWord = (before >= 48 && before <= 57) || (before >= 65 && before <= 90) || (before >= 97 && before <= 122) || before === 95;
  return !(isWord || before === 46 || before === 43 || before === 45);
}

/** Where a dotted quad may start: any digit (the patterns check their own boundaries). */
export function isDigitAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 48 && code <= 57;
}
