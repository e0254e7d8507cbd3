import { z } from 'zod';

/**
 * The subset of OpenAI's Responses API request Airlock understands. Unknown fields are dropped
 * (never forwarded); input items and tools it cannot inspect or run are refused by name.
 */
const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
const outputText = z.object({ type: z.literal('output_text'), text: z.string() });
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() });
const inputImage = z.object({
  type: z.literal('input_image'),
  image_url: z.string({ message: 'only image_url images are supported (file_id needs provider storage)' }),
  detail: z.enum(['auto', 'low', 'high']).optional(),
});

const messageContent = z.union([z.string(), z.array(z.discriminatedUnion('type', [inputText, outputText, refusal, inputImage]))]);

const messageItem = z.object({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: messageContent,
});

const functionCallItem = z.object({
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
  id: z.string().optional(),
});

const functionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  call_id: z.string(),
  output: z.union([z.string(), z.array(z.discriminatedUnion('type', [inputText, outputText]))]),
});

/** Reasoning items carry provider-encrypted state: opaque to inspection, meaningless to other providers. */
const reasoningItem = z.object({ type: z.literal('reasoning') });

const inputItem = z.union([functionCallItem, functionCallOutputItem, reasoningItem, messageItem], {
  message: 'unsupported input item (supported: message, function_call, function_call_output)',
});

const functionTool = z.object({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const textFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: z.string(),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullish(),
  }),
]);

export const responsesRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(inputItem)]),
  instructions: z.string().nullish(),
  tools: z.array(functionTool, { message: 'only function tools are supported (hosted tools run at the provider)' }).optional(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.object({ type: z.literal('function'), name: z.string() })]).optional(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  text: z.object({ format: textFormat.optional() }).nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  user: z.string().optional(),
  safety_identifier: z.string().optional(),
  previous_response_id: z
    .null({ message: 'previous_response_id needs state kept by the provider; send the whole conversation in input' })
    .optional(),
  conversation: z.null({ message: 'conversations need state kept by the provider; send the whole conversation in input' }).optional(),
  background: z.literal(false, { message: 'background responses need provider storage and are not supported' }).nullish(),
  prompt: z.null({ message: 'stored prompt templates are not supported; send the prompt in input' }).optional(),
});

export type ResponsesRequest = z.output<typeof responsesRequestSchema>;
export type ResponsesInputItem = z.output<typeof inputItem>;
