import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { PATTERN_GROUPS, type PatternGroup } from './instruction-patterns.js';
import { weighByRole } from './role-weight.js';

/** Creates the detector of one heuristic group: runs its patterns and weighs each match by role. */
export function createPatternGroupDetector(group: PatternGroup): Detector {
  return {
    id: group.id,
    keywords: group.keywords,
    detect(text: string, context: DetectContext): DetectorMatch[] {
      const matches: DetectorMatch[] = [];
      for (const { type, pattern, confidence } of group.patterns) {
        for (const match of text.matchAll(pattern)) {
          if (match[0].length === 0) continue;
          matches.push({
            category: 'injection',
            type,
            start: match.index,
            end: match.index + match[0].length,
            confidence: weighByRole(confidence, context, type === 'jailbreak_roleplay'),
          });
        }
      }
      return matches;
    },
  };
}

/**
 * Finds instructions aimed at the model rather than at the reader: overriding the system prompt,
 * asking for it, sending data out, jailbreak role-play framings and chat-template tokens.
 */
export const instructionDetectors: readonly Detector[] = PATTERN_GROUPS.map(createPatternGroupDetector);
