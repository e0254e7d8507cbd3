import { z } from 'zod';

/**
 * Ollama's native API shapes (docs/api.md in ollama/ollama). Requests are typed; replies are
 * parsed with zod so a malformed reply becomes UPSTREAM_ERROR instead of a crash deep inside.
 */

export interface OllamaToolCall {
  function: { name: string; arguments: Record<string, unknown> };
}

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Base64 image bytes, no data: prefix. */
  images?: string[];
  tool_calls?: OllamaToolCall[];
  /** The tool a `tool` message answers. */
  tool_name?: string;
}

export interface OllamaTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** Model parameters (Modelfile names); only the ones set by the request are sent. */
export interface OllamaOptions {
  num_predict?: number;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
}

export interface OllamaChatBody {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  tools?: OllamaTool[];
  format?: 'json' | Record<string, unknown>;
  options?: OllamaOptions;
}

export interface OllamaGenerateBody {
  model: string;
  prompt: string;
  suffix?: string;
  raw?: boolean;
  stream: boolean;
  options?: OllamaOptions;
}

export interface OllamaEmbedBody {
  model: string;
  input: string[];
  dimensions?: number;
}

const metricsShape = {
  model: z.string().optional(),
  done: z.boolean().optional(),
  done_reason: z.string().optional(),
  prompt_eval_count: z.number().int().nonnegative().optional(),
  eval_count: z.number().int().nonnegative().optional(),
};

const toolCallSchema = z.object({
  id: z.string().optional(),
  function: z.object({
    index: z.number().int().optional(),
    name: z.string(),
    // An object in Ollama; tolerated as a JSON string, which some servers send.
    arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
  }),
});

export const chatChunkSchema = z.object({
  ...metricsShape,
  message: z
    .object({
      role: z.string().optional(),
      content: z.string().optional(),
      tool_calls: z.array(toolCallSchema).nullish(),
    })
    .optional(),
});

export const generateChunkSchema = z.object({ ...metricsShape, response: z.string().optional() });

export const embedResponseSchema = z.object({
  model: z.string().optional(),
  embeddings: z.array(z.array(z.number())),
  prompt_eval_count: z.number().int().nonnegative().optional(),
});

export const tagsResponseSchema = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      model: z.string().optional(),
      modified_at: z.string().optional(),
      size: z.number().optional(),
      digest: z.string().optional(),
      details: z
        .object({
          family: z.string().optional(),
          parameter_size: z.string().optional(),
          quantization_level: z.string().optional(),
        })
        .partial()
        .nullish(),
    }),
  ),
});

/** `{"error": "..."}`: Ollama's error body, also sent as a line mid-stream. */
export const errorBodySchema = z.object({ error: z.string() });

export type OllamaChatChunk = z.infer<typeof chatChunkSchema>;
export type OllamaGenerateChunk = z.infer<typeof generateChunkSchema>;
export type OllamaWireToolCall = z.infer<typeof toolCallSchema>;
