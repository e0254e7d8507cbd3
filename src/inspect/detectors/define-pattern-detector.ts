import type { DetectContext, Detector, DetectorMatch, FindingCategory } from '../types.js';
import { createAnchorFinder, matchAtAnchors } from './find-anchors.js';

/** A detector that is one regular expression plus an optional check of each match. */
export interface PatternRule {
  /** Detector id (defaults to `type`). */
  id?: string;
  category: FindingCategory;
  type: string;
  /** Lower-case literals, one of which occurs in every match (or in its required context). */
  keywords: readonly string[];
  /**
   * Must be global. Written so that it runs in linear time: a left boundary lookbehind before any
   * leading character class, bounded repetitions, no nested quantifiers (test/inspect/regex-safety
   * feeds every rule adversarial input).
   */
  pattern: RegExp;
  confidence: number;
  /** Capture group holding the value, when the pattern also matches context (needs the `d` flag). */
  group?: number;
  /**
   * Looks at a candidate value: false drops it, a number replaces the confidence. `start` is the
   * value's offset in `text`.
   */
  check?: (value: string, text: string, start: number) => boolean | number;
  detail?: string;
  region?: boolean;
  /**
   * Lower-case literals every match starts with (matched in any case). The pattern is then tried
   * (sticky) only where one occurs, found by the engine's prefilter pass: for rules whose keyword
   * is common in code (`pat` of `path`, `account`), instead of a search through the whole text.
   */
  startsWith?: readonly string[];
}

export function definePatternDetector(rule: PatternRule): Detector {
  if (!rule.pattern.global) throw new Error(`Pattern of ${rule.type} must be global.`);
  if (rule.group !== undefined && !rule.pattern.hasIndices) throw new Error(`Pattern of ${rule.type} needs the d flag.`);
  const { pattern, startsWith } = rule;
  const sticky = startsWith === undefined ? undefined : new RegExp(pattern.source, pattern.flags.replace('g', 'y'));
  const findStarts = startsWith === undefined ? undefined : createAnchorFinder(startsWith);

  function convertMatch(match: RegExpExecArray, text: string): DetectorMatch | null {
    const span: readonly [number, number] | undefined =
      rule.group === undefined ? [match.index, match.index + match[0].length] : match.indices?.[rule.group];
    if (span === undefined) return null;
    const [start, end] = span;
    const verdict = rule.check === undefined ? true : rule.check(text.slice(start, end), text, start);
    if (verdict === false) return null;
    return {
      category: rule.category,
      type: rule.type,
      start,
      end,
      confidence: verdict === true ? rule.confidence : verdict,
      ...(rule.detail === undefined ? {} : { detail: rule.detail }),
      ...(rule.region === true ? { region: true } : {}),
    };
  }

  return {
    id: rule.id ?? rule.type,
    keywords: rule.keywords,
    ...(startsWith === undefined ? {} : { anchors: startsWith }),
    detect(text: string, context: DetectContext): DetectorMatch[] {
      const matches: DetectorMatch[] = [];
      if (sticky !== undefined && findStarts !== undefined) {
        // The same matches as the global search below, without the search.
        for (const match of matchAtAnchors(text, sticky, findStarts(text, context))) {
          const converted = convertMatch(match, text);
          if (converted !== null) matches.push(converted);
        }
        return matches;
      }
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        if (match[0].length === 0) pattern.lastIndex++;
        const converted = convertMatch(match, text);
        if (converted !== null) matches.push(converted);
      }
      return matches;
    },
  };
}

/** Shorthand for the many secret token rules. */
export function defineSecretRule(
  type: string,
  keywords: readonly string[],
  pattern: RegExp,
  confidence: number,
  extra: Partial<Omit<PatternRule, 'type' | 'keywords' | 'pattern' | 'confidence' | 'category'>> = {},
): Detector {
  return definePatternDetector({ category: 'secret', type, keywords, pattern, confidence, ...extra });
}
