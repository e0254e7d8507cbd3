import { z } from 'zod';

/**
 * Request bodies of Ollama's native API (docs/api.md in ollama/ollama). Fields Airlock does not
 * use (`keep_alive`, `think`, `template`, `context`, most model `options`) are accepted and
 * dropped: zod strips unknown keys, so nothing unvalidated is ever forwarded.
 */

/** Model parameters (Modelfile names) that map to canonical options; the rest are ignored. */
export const optionsSchema = z.object({
  // -1 (generate forever) and -2 (fill the context) mean "no limit" in Ollama.
  num_predict: z.number().int().nullish(),
  temperature: z.number().min(0).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
});

/** `"json"`, a JSON Schema object, or `""` (none). */
export const formatSchema = z.union([z.literal('json'), z.literal(''), z.record(z.string(), z.unknown())], {
  message: 'format must be "json" or a JSON Schema object',
});

const keepAliveSchema = z.union([z.string(), z.number()]).nullish();

/** A tool call in a message; `arguments` is an object in Ollama (a JSON string is tolerated). */
export const toolCallSchema = z.object({
  id: z.string().optional(),
  function: z.object({
    index: z.number().int().optional(),
    name: z.string().min(1),
    arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
  }),
});

export const messageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string().nullish(),
  /** Base64 image bytes (no data: prefix). */
  images: z.array(z.string().min(1)).nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
  /** The tool a `tool` message answers. */
  tool_name: z.string().optional(),
  /** Sent by some clients instead of (or with) `tool_name`. */
  tool_call_id: z.string().optional(),
});

export const toolSchema = z.object({
  type: z.literal('function').default('function'),
  function: z.object({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
  }),
});

export const chatBodySchema = z.object({
  model: z.string().min(1, { message: 'model is required' }),
  messages: z.array(messageSchema).nullish(),
  tools: z.array(toolSchema).nullish(),
  format: formatSchema.nullish(),
  options: optionsSchema.nullish(),
  stream: z.boolean().nullish(),
  keep_alive: keepAliveSchema,
});

export const generateBodySchema = z.object({
  model: z.string().min(1, { message: 'model is required' }),
  prompt: z.string().nullish(),
  suffix: z.string().nullish(),
  system: z.string().nullish(),
  images: z.array(z.string().min(1)).nullish(),
  format: formatSchema.nullish(),
  options: optionsSchema.nullish(),
  raw: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  keep_alive: keepAliveSchema,
});

export const embedBodySchema = z.object({
  model: z.string().min(1, { message: 'model is required' }),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)], { message: 'input must be a string or an array of strings' }),
  dimensions: z.number().int().positive().nullish(),
  truncate: z.boolean().nullish(),
  keep_alive: keepAliveSchema,
});

export const embeddingsBodySchema = z.object({
  model: z.string().min(1, { message: 'model is required' }),
  prompt: z.string().nullish(),
  keep_alive: keepAliveSchema,
});

/** `/api/show` takes `model` (older clients send `name`). */
export const showBodySchema = z
  .object({ model: z.string().min(1).optional(), name: z.string().min(1).optional(), verbose: z.boolean().nullish() })
  .refine((body) => body.model !== undefined || body.name !== undefined, { message: 'model is required', path: ['model'] });

export type OllamaOptionsInput = z.output<typeof optionsSchema>;
export type OllamaFormatInput = z.output<typeof formatSchema>;
export type OllamaMessageInput = z.output<typeof messageSchema>;
export type OllamaToolInput = z.output<typeof toolSchema>;
export type OllamaToolCallInput = z.output<typeof toolCallSchema>;
