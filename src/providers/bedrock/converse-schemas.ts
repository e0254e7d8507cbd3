import { z } from 'zod';

/**
 * The parts of Bedrock's Converse and ConverseStream replies Airlock reads. Lenient: unknown
 * fields, block kinds (reasoning, citations) and new stop reasons are ignored, as AWS adds them.
 */

export const usageSchema = z
  .object({
    inputTokens: z.number().nullish(),
    outputTokens: z.number().nullish(),
    cacheReadInputTokens: z.number().nullish(),
    cacheWriteInputTokens: z.number().nullish(),
  })
  .nullish();

export type ConverseUsage = z.infer<typeof usageSchema>;

const contentBlockSchema = z.object({
  text: z.string().nullish(),
  toolUse: z.object({ toolUseId: z.string(), name: z.string(), input: z.unknown().optional() }).nullish(),
});

export const converseResponseSchema = z.object({
  output: z.object({ message: z.object({ content: z.array(contentBlockSchema) }) }),
  stopReason: z.string().nullish(),
  usage: usageSchema,
});

/** ConverseStream event payloads, by `:event-type`. */
export const streamEventSchemas = {
  messageStart: z.object({ role: z.string().nullish() }),
  contentBlockStart: z.object({
    contentBlockIndex: z.number().int(),
    start: z.object({ toolUse: z.object({ toolUseId: z.string(), name: z.string() }).nullish() }).nullish(),
  }),
  contentBlockDelta: z.object({
    contentBlockIndex: z.number().int(),
    delta: z.object({ text: z.string().nullish(), toolUse: z.object({ input: z.string().nullish() }).nullish() }),
  }),
  contentBlockStop: z.object({ contentBlockIndex: z.number().int() }),
  messageStop: z.object({ stopReason: z.string().nullish() }),
  metadata: z.object({ usage: usageSchema }),
} as const;

export type StreamEventType = keyof typeof streamEventSchemas;

/** An error body: `{"message": "..."}` (some services capitalise it, or add `__type`). */
export const errorBodySchema = z.object({
  message: z.string().nullish(),
  Message: z.string().nullish(),
  __type: z.string().nullish(),
});
