import { z } from 'zod';

/**
 * The parts of Anthropic's Messages replies Airlock reads. Lenient (nullish, unknown fields and
 * unknown block types ignored): Anthropic adds fields and block types under its versioning policy.
 */

export const usageSchema = z
  .object({
    input_tokens: z.number().nullish(),
    output_tokens: z.number().nullish(),
    cache_creation_input_tokens: z.number().nullish(),
    cache_read_input_tokens: z.number().nullish(),
  })
  .nullish();

export type AnthropicUsage = z.infer<typeof usageSchema>;

const contentBlockSchema = z.object({
  type: z.string(),
  text: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
});

export const messageResponseSchema = z.object({
  model: z.string().nullish(),
  content: z.array(contentBlockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: usageSchema,
});

export const errorBodySchema = z.object({
  error: z.object({ type: z.string().nullish(), message: z.string().nullish() }),
});

/** Every streamed event type Airlock acts on; others (new ones included) are skipped. */
export const streamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_start'), message: z.object({ model: z.string().nullish(), usage: usageSchema }) }),
  z.object({ type: z.literal('content_block_start'), index: z.number().int(), content_block: contentBlockSchema }),
  z.object({
    type: z.literal('content_block_delta'),
    index: z.number().int(),
    delta: z.object({ type: z.string(), text: z.string().nullish(), partial_json: z.string().nullish() }),
  }),
  z.object({ type: z.literal('content_block_stop'), index: z.number().int() }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: usageSchema,
  }),
  z.object({ type: z.literal('message_stop') }),
  z.object({ type: z.literal('error'), error: z.object({ type: z.string().nullish(), message: z.string().nullish() }) }),
]);

export type StreamEventData = z.infer<typeof streamEventSchema>;

export const handledEventTypes: ReadonlySet<string> = new Set(streamEventSchema.options.map((option) => option.shape.type.value));
