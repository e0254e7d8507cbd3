import type { DetectContext } from '../../types.js';

/**
 * Adjusts a heuristic's confidence for where the text sits. Text the model reads but no person in
 * the conversation wrote (tool results, pasted files) is where injected instructions hide, so it
 * weighs more; a system prompt is written by the application's developer and role-play framings
 * there are normal, so it weighs less.
 */
export function weighByRole(confidence: number, context: DetectContext, isRolePlay = false): number {
  let weighted = confidence;
  if (context.role === 'tool-result' || context.role === 'file') weighted += 0.15;
  else if (context.role === 'system') weighted -= isRolePlay ? 0.35 : 0.15;
  else if (context.role === 'assistant') weighted -= 0.1;
  return Math.round(Math.min(1, Math.max(0.05, weighted)) * 100) / 100;
}
