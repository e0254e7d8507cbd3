import { UsageError } from './terminal-io.js';

/** `--max-tokens` and `--temperature`, shared by ask, chat and review. */
export const samplingArgs = {
  'max-tokens': { type: 'string', description: 'Most tokens in an answer (default: the model’s own limit)' },
  temperature: { type: 'string', description: 'Sampling temperature, 0 to 2' },
} as const;

export interface SamplingOptions {
  maxTokens?: number | undefined;
  temperature?: number | undefined;
}

/** Validates the flags as citty hands them over (strings). */
export function parseSamplingArgs(args: { 'max-tokens'?: string | undefined; temperature?: string | undefined }): SamplingOptions {
  const options: SamplingOptions = {};
  if (args['max-tokens'] !== undefined) {
    const value = Number(args['max-tokens']);
    if (!Number.isInteger(value) || value < 1)
      throw new UsageError(`--max-tokens must be a positive integer (got "${args['max-tokens']}").`);
    options.maxTokens = value;
  }
  if (args.temperature !== undefined) {
    const value = Number(args.temperature);
    if (!Number.isFinite(value) || value < 0 || value > 2)
      throw new UsageError(`--temperature must be between 0 and 2 (got "${args.temperature}").`);
    options.temperature = value;
  }
  return options;
}

/** The request fields for the options given, and none for those left out. */
export function samplingOptions(options: SamplingOptions): { max_tokens?: number; temperature?: number } {
  return {
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
  };
}
