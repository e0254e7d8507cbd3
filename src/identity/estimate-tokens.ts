import { createRequire } from 'node:module';
import { listTexts, type AnyRequest } from '../canonical/texts.js';
import type { ToolCall, Usage } from '../canonical/types.js';

/**
 * Token estimates for when a provider reports no usage (some local servers, interrupted
 * streams). The o200k_base encoding ships inside the gpt-tokenizer package, so nothing is
 * downloaded at run time and it works offline. Other models tokenise differently, so these are
 * estimates and are always marked `estimated: true`.
 */

/** Per-message framing tokens in OpenAI's chat format, and the reply's priming tokens. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;
/** Text that looks like a special token (`<|endoftext|>`) is counted as plain text, never refused. */
const AS_PLAIN_TEXT = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };

type CountTokens = (text: string, options: typeof AS_PLAIN_TEXT) => number;
let countTokens: CountTokens | undefined;

/**
 * The encoder's rank tables take about 70 MB of memory: loaded on the first estimate, so a
 * gateway whose destinations all report usage never pays for them.
 */
function loadEncoder(): CountTokens {
  const require = createRequire(import.meta.url);
  countTokens = (require('gpt-tokenizer/encoding/o200k_base') as { countTokens: CountTokens }).countTokens;
  return countTokens;
}

export function countTextTokens(text: string): number {
  return text.length === 0 ? 0 : (countTokens ?? loadEncoder())(text, AS_PLAIN_TEXT);
}

/** Input tokens of a canonical request: every text, tool definitions and chat framing. */
export function estimateInputTokens(request: AnyRequest): number {
  let total = 0;
  for (const target of listTexts(request)) total += countTextTokens(target.text);
  if ('messages' in request) {
    total += request.messages.length * TOKENS_PER_MESSAGE + TOKENS_PER_REPLY;
    for (const tool of request.tools ?? []) total += countTextTokens(tool.name) + countTextTokens(JSON.stringify(tool.parameters));
  }
  return total;
}

/** Output tokens of what the model produced (text and tool calls). */
export function estimateOutputTokens(text: string, toolCalls: readonly ToolCall[] = []): number {
  let total = countTextTokens(text);
  for (const call of toolCalls) total += countTextTokens(call.name) + countTextTokens(call.arguments);
  return total;
}

/** A Usage estimated from the request and what was produced (possibly cut short). */
export function estimateUsage(request: AnyRequest, outputText: string, toolCalls: readonly ToolCall[] = []): Usage {
  return {
    inputTokens: estimateInputTokens(request),
    outputTokens: estimateOutputTokens(outputText, toolCalls),
    estimated: true,
  };
}

/**
 * A cheap upper-leaning guess (one token per three UTF-16 units) for admission checks on the hot
 * path, where tokenising a large prompt would cost milliseconds; the exact count is settled
 * when the request ends (`release(actualTokens)`).
 */
export function approximateTokens(textLength: number): number {
  return Math.ceil(textLength / 3);
}
