import { z } from 'zod';

/**
 * The parts of OpenAI's replies Airlock reads. Lenient on purpose (nullish everywhere, unknown
 * fields ignored): compatible servers differ in what they leave out, and a missing optional
 * field must not fail a good reply.
 */

export const usageSchema = z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish();

const functionCallSchema = z.object({ name: z.string(), arguments: z.string().nullish() });

export const chatResponseSchema = z.object({
  model: z.string().nullish(),
  choices: z.array(
    z.object({
      message: z.object({
        content: z.string().nullish(),
        tool_calls: z.array(z.object({ id: z.string().nullish(), function: functionCallSchema })).nullish(),
        function_call: functionCallSchema.nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usageSchema,
});

export const completionResponseSchema = z.object({
  model: z.string().nullish(),
  choices: z.array(z.object({ text: z.string().nullish(), finish_reason: z.string().nullish() })),
  usage: usageSchema,
});

export const embeddingResponseSchema = z.object({
  model: z.string().nullish(),
  data: z.array(z.object({ index: z.number().int().nullish(), embedding: z.array(z.number()) })),
  usage: usageSchema,
});

const toolCallDeltaSchema = z.object({
  index: z.number().int().nullish(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

export type ToolCallDelta = z.infer<typeof toolCallDeltaSchema>;

/** One `chat.completion.chunk`; the usage-only chunk has empty (or, on vLLM, null) choices. */
export const chatChunkSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish(), tool_calls: z.array(toolCallDeltaSchema).nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema,
});

export type ChatChunk = z.infer<typeof chatChunkSchema>;

/** One legacy completions stream chunk. */
export const completionChunkSchema = z.object({
  model: z.string().nullish(),
  choices: z.array(z.object({ text: z.string().nullish(), finish_reason: z.string().nullish() })).nullish(),
  usage: usageSchema,
});

/**
 * OpenAI's `{error:{message,type,code,param}}`; compatible servers also send `{error:"text"}`
 * or (older vLLM) a top-level `{message,type,code}`.
 */
export const errorBodySchema = z.union([
  z.object({
    error: z.object({
      message: z.string().nullish(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
      param: z.string().nullish(),
    }),
  }),
  z.object({ error: z.string() }),
  z.object({ message: z.string(), type: z.string().nullish(), code: z.union([z.string(), z.number()]).nullish() }),
]);
