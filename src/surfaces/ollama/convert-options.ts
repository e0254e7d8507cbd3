import type { GenerationOptions, ResponseFormat, ToolDefinition } from '../../canonical/types.js';
import type { OllamaFormatInput, OllamaOptionsInput, OllamaToolInput } from './ollama-schemas.js';

/** Ollama's `options` → canonical sampling options; unset values stay unset (the destination decides). */
export function convertOptions(options: OllamaOptionsInput | null | undefined): GenerationOptions {
  const converted: GenerationOptions = {};
  if (!options) return converted;
  // num_predict -1 and -2 mean "no limit": leave it to the destination.
  if (options.num_predict != null && options.num_predict > 0) converted.maxTokens = options.num_predict;
  if (options.temperature != null) converted.temperature = options.temperature;
  if (options.top_p != null) converted.topP = options.top_p;
  if (options.top_k != null && options.top_k > 0) converted.topK = options.top_k;
  if (options.stop != null) {
    const stop = typeof options.stop === 'string' ? [options.stop] : options.stop;
    if (stop.length > 0) converted.stop = stop;
  }
  if (options.seed != null) converted.seed = options.seed;
  if (options.presence_penalty != null) converted.presencePenalty = options.presence_penalty;
  if (options.frequency_penalty != null) converted.frequencyPenalty = options.frequency_penalty;
  return converted;
}

/** `format: "json"` is JSON mode; an object is a JSON Schema for structured output; `""` is none. */
export function convertFormat(format: OllamaFormatInput | null | undefined): ResponseFormat | undefined {
  if (format == null || format === '') return undefined;
  if (format === 'json') return { type: 'json_object' };
  return { type: 'json_schema', name: 'response', schema: format };
}

export function convertTools(tools: readonly OllamaToolInput[]): ToolDefinition[] {
  return tools.map(({ function: tool }) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    parameters: tool.parameters ?? { type: 'object', properties: {} },
  }));
}
