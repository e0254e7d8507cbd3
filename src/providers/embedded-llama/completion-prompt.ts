import type { LlamaModel, Token } from 'node-llama-cpp';
import type { GenerationPrompt } from './generation-prompt.js';
import { tokenizeWithBos } from './tokenize-with-bos.js';

/** True when the model has the prefix and suffix tokens fill-in-the-middle needs. */
export function supportsInfill(model: LlamaModel): boolean {
  const { prefix, suffix } = model.tokens.infill;
  return prefix !== null && suffix !== null;
}

/**
 * A plain completion prompt, or a fill-in-the-middle prompt when a suffix is given and the model
 * has infill tokens. Without infill tokens the suffix is ignored and the prefix alone is
 * completed: an editor still gets a useful continuation instead of an error on every keystroke.
 */
export function buildCompletionPrompt(
  model: LlamaModel,
  prompt: string,
  suffix: string | undefined,
  stop: readonly string[],
): GenerationPrompt {
  const tokens = suffix !== undefined && supportsInfill(model) ? buildInfillTokens(model, prompt, suffix) : tokenizeWithBos(model, prompt);
  return { tokens, stopStrings: [...stop], stopTokens: [], trimLeadingWhitespace: false };
}

/**
 * Same layout as node-llama-cpp's LlamaCompletion infill: `<PRE> prefix <SUF> suffix <MID>` when
 * the model has a middle token, otherwise `<SUF> suffix <PRE> prefix` (the SPM order).
 */
function buildInfillTokens(model: LlamaModel, prefix: string, suffix: string): Token[] {
  const { prefix: prefixToken, suffix: suffixToken, middle: middleToken } = model.tokens.infill;
  if (prefixToken === null || suffixToken === null) throw new Error('The model has no infill tokens.');
  const prefixTokens = model.tokenize(prefix, false, 'trimLeadingSpace');
  const suffixTokens = model.tokenize(suffix, false, 'trimLeadingSpace');
  const tokens: Token[] = [];
  if (model.tokens.shouldPrependBosToken && model.tokens.bos !== null) tokens.push(model.tokens.bos);
  if (middleToken !== null) {
    tokens.push(prefixToken, ...prefixTokens, suffixToken, ...suffixTokens, middleToken);
  } else {
    tokens.push(suffixToken, ...suffixTokens, prefixToken, ...prefixTokens);
  }
  return tokens;
}
