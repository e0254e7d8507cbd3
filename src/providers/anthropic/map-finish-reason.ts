import type { FinishReason } from '../../canonical/types.js';

const finishReasons: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  // The context window filled up before max_tokens: for the client it is still "too long".
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
};

/** Maps Anthropic's `stop_reason` to the canonical one; anything else (pause_turn, new reasons) is `other`. */
export function mapFinishReason(reason: string | null | undefined): FinishReason {
  return (reason && finishReasons[reason]) || 'other';
}
