import type { ChatRequest, ToolChoice } from '../../canonical/types.js';
import { validateBody } from '../validate.js';
import { convertMessage } from './convert-content.js';
import {
  countTokensRequestSchema,
  messageRequestSchema,
  type AnthropicPromptInput,
  type AnthropicMessageRequest,
} from './message-request-schema.js';

export interface ParsedMessageRequest {
  request: ChatRequest;
  stream: boolean;
}

/** Anthropic Messages body → canonical chat request. */
export function parseMessageRequest(body: unknown): ParsedMessageRequest {
  const input = validateBody(messageRequestSchema, body);
  const request = convertPrompt(input);
  request.maxTokens = input.max_tokens;
  copyGenerationOptions(input, request);
  return { request, stream: input.stream === true };
}

/** A count_tokens body → the canonical request whose prompt would be counted (nothing is generated). */
export function parseCountTokensRequest(body: unknown): ChatRequest {
  return convertPrompt(validateBody(countTokensRequestSchema, body));
}

function convertPrompt(input: AnthropicPromptInput): ChatRequest {
  const messages = input.messages.map((message, index) => convertMessage(message, `messages[${index}]`));
  if (input.system !== undefined) {
    const content = input.system.filter((part) => part.text !== '').map((part) => ({ type: 'text' as const, text: part.text }));
    if (content.length > 0) messages.unshift({ role: 'system', content });
  }
  const request: ChatRequest = { model: input.model, messages };
  if (input.tools?.length) {
    request.tools = input.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.input_schema,
    }));
  }
  if (input.tool_choice !== undefined) {
    request.toolChoice = convertToolChoice(input.tool_choice);
    if ('disable_parallel_tool_use' in input.tool_choice && input.tool_choice.disable_parallel_tool_use) request.parallelToolCalls = false;
  }
  return request;
}

function convertToolChoice(choice: NonNullable<AnthropicPromptInput['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { name: choice.name };
  }
}

function copyGenerationOptions(input: AnthropicMessageRequest, request: ChatRequest): void {
  if (input.temperature !== undefined) request.temperature = input.temperature;
  if (input.top_p !== undefined) request.topP = input.top_p;
  if (input.top_k !== undefined) request.topK = input.top_k;
  if (input.stop_sequences?.length) request.stop = input.stop_sequences;
  // Anthropic's opaque end-user id is what OpenAI calls `user`.
  if (input.metadata?.user_id) request.user = input.metadata.user_id;
}
