import type { Usage } from '../canonical/types.js';
import { countTextTokens } from '../identity/estimate-tokens.js';
import type { RequestTrace } from '../pipeline/request-trace.js';

/** Framing tokens per text part (chat formats spend about 3 per message on roles and separators). */
const FRAMING_TOKENS_PER_TEXT = 3;

/**
 * The tokens a request used: the destination's own count when it reported one, otherwise an
 * estimate with the o200k tokenizer (marked `estimated`) of the texts sent (after redaction) and
 * of whatever came back — including the partial output of a stream cut short, which the
 * destination produced and bills. Requests that never got an answer from a destination (it
 * failed, or the request was refused after admission) count zero tokens.
 */
export function measureUsage(trace: RequestTrace): Usage {
  if (trace.usage !== undefined) return trace.usage;
  if (trace.route === undefined) return { inputTokens: 0, outputTokens: 0 };
  let inputTokens = 0;
  for (const text of trace.inputTexts ?? []) inputTokens += countTextTokens(text) + FRAMING_TOKENS_PER_TEXT;
  const outputTokens = trace.outputText === undefined ? 0 : countTextTokens(trace.outputText.join(''));
  return { inputTokens, outputTokens, estimated: true };
}
