import { z } from 'zod';

/**
 * The subset of Anthropic's Messages request Airlock understands. Unknown fields (cache_control,
 * citations, thinking settings, betas' extras) are dropped, never forwarded. Unknown content block
 * types are refused: a block Airlock cannot read is a block it cannot inspect.
 */

/** A discriminated union whose unknown `type` is reported by name of the field, with what is supported. */
function blockUnion<
  const T extends readonly [z.ZodObject<{ type: z.ZodLiteral<string> }>, ...z.ZodObject<{ type: z.ZodLiteral<string> }>[]],
>(what: string, options: T) {
  const supported = options.map((option) => option.shape.type.value).join(', ');
  return z.discriminatedUnion('type', options, {
    error: (issue) => (issue.code === 'invalid_union' ? `unsupported ${what} type (supported: ${supported})` : undefined),
  });
}

const textBlock = z.object({ type: z.literal('text'), text: z.string() });

/**
 * Content given as a plain string is one text block. Normalising before validation (rather than a
 * string-or-array union) lets a bad block be reported at its own path, not as "invalid content".
 */
function textOrBlocks<T extends z.ZodType>(block: T) {
  return z.preprocess((value) => (typeof value === 'string' ? [{ type: 'text', text: value }] : value), z.array(block));
}

const imageSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string().min(1) }),
  z.object({ type: z.literal('url'), url: z.string().min(1) }),
]);
const imageBlock = z.object({ type: z.literal('image'), source: imageSource });

const toolUseBlock = z.object({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
});

const toolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: textOrBlocks(blockUnion('tool_result content block', [textBlock, imageBlock])).optional(),
  is_error: z.boolean().optional(),
});

/**
 * Thinking blocks are accepted in the history only to be dropped: their signatures are bound to
 * Anthropic's own models, and another destination could not use them. Their text is not sent on,
 * so it needs no inspection.
 */
const thinkingBlock = z.object({ type: z.literal('thinking') });
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking') });

const contentBlock = blockUnion('content block', [
  textBlock,
  imageBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
]);

export const messageSchema = z.object({
  role: z.enum(['user', 'assistant', 'system']),
  content: textOrBlocks(contentBlock),
});

const systemSchema = textOrBlocks(textBlock);

/**
 * Only custom tools: server tools (web search, code execution, ...) run on Anthropic's
 * infrastructure, which no other destination has, so a request naming one is refused.
 */
const toolSchema = z.object({
  type: z.literal('custom', { message: 'only custom tools (name, input_schema) are supported; server tools are not' }).nullish(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
});

const parallel = { disable_parallel_tool_use: z.boolean().optional() };
const toolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), ...parallel }),
  z.object({ type: z.literal('any'), ...parallel }),
  z.object({ type: z.literal('tool'), name: z.string().min(1), ...parallel }),
  z.object({ type: z.literal('none') }),
]);

/** Fields shared by `/v1/messages` and `/v1/messages/count_tokens`. */
const promptFields = {
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  system: systemSchema.optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
};

export const countTokensRequestSchema = z.object(promptFields);

export const messageRequestSchema = z.object({
  ...promptFields,
  max_tokens: z.number().int().positive(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().positive().optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  metadata: z.object({ user_id: z.string().nullish() }).optional(),
});

export type AnthropicMessageInput = z.output<typeof messageSchema>;
export type AnthropicPromptInput = z.output<typeof countTokensRequestSchema>;
export type AnthropicMessageRequest = z.output<typeof messageRequestSchema>;
