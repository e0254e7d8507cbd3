import type { SequenceEvaluateOptions, Token } from 'node-llama-cpp';
import type { GenerationOptions } from '../../canonical/types.js';

/** How many recent tokens presence/frequency penalties look at (node-llama-cpp's default). */
const penaltyWindow = 64;

/**
 * Maps canonical sampling options to llama.cpp's. Temperature 0 (the default here) is greedy
 * decoding, so the same prompt gives the same text; `seed` only matters above 0.
 */
export function convertSamplingOptions(options: GenerationOptions, generated: readonly Token[]): SequenceEvaluateOptions {
  const evaluateOptions: SequenceEvaluateOptions = { temperature: options.temperature ?? 0, yieldEogToken: true };
  if (options.topP !== undefined) evaluateOptions.topP = options.topP;
  if (options.topK !== undefined) evaluateOptions.topK = options.topK;
  if (options.seed !== undefined) evaluateOptions.seed = options.seed;
  if (options.presencePenalty || options.frequencyPenalty) {
    evaluateOptions.repeatPenalty = {
      punishTokens: () => generated.slice(-penaltyWindow),
      maxPunishTokens: penaltyWindow,
      // 1 disables the multiplicative repeat penalty: only the OpenAI-style ones were asked for.
      penalty: 1,
      presencePenalty: options.presencePenalty ?? 0,
      frequencyPenalty: options.frequencyPenalty ?? 0,
    };
  }
  return evaluateOptions;
}
