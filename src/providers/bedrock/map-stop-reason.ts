import type { FinishReason, Usage } from '../../canonical/types.js';
import type { ConverseUsage } from './converse-schemas.js';

const finishReasons: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  // The context window filled up first: for the client it is still "too long".
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  content_filtered: 'content-filter',
  guardrail_intervened: 'content-filter',
};

/** Bedrock's `stopReason` → canonical; anything new is `other`. */
export function mapStopReason(reason: string | null | undefined): FinishReason {
  return (reason && finishReasons[reason]) || 'other';
}

/** Input tokens include prompt-cache reads and writes: Bedrock reports them apart but processes and bills them. */
export function convertUsage(usage: ConverseUsage): Usage | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: (usage.inputTokens ?? 0) + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0),
    outputTokens: usage.outputTokens ?? 0,
  };
}
