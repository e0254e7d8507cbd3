import type { FinishReason } from '../../canonical/types.js';

const finishReasons: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  // The deprecated functions API; clients get it as tool calls.
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

/** Maps an OpenAI `finish_reason` to the canonical one; unknown or missing reasons are `other`. */
export function mapFinishReason(reason: string | null | undefined): FinishReason {
  return (reason && finishReasons[reason]) || 'other';
}
