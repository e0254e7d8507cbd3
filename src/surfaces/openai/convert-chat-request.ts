import type { ChatRequest, ContentPart, GenerationOptions, Message, ResponseFormat, ToolChoice } from '../../canonical/types.js';
import { validateBody } from '../validate.js';
import { chatRequestSchema, type OpenAIChatMessage, type OpenAIChatRequest } from './chat-request-schema.js';

export interface ParsedChatRequest {
  request: ChatRequest;
  stream: boolean;
  includeUsage: boolean;
  /** The client asked OpenAI to store the completion (`store: true`). */
  store: boolean;
}

/** OpenAI chat completions body → canonical request. */
export function parseChatRequest(body: unknown): ParsedChatRequest {
  const input = validateBody(chatRequestSchema, body);
  const request: ChatRequest = {
    model: input.model,
    messages: input.messages.map(convertMessage),
    ...convertGenerationOptions(input),
  };
  if (input.tools?.length) {
    request.tools = input.tools.map(({ function: tool }) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      ...(tool.strict == null ? {} : { strict: tool.strict }),
    }));
  }
  if (input.tool_choice !== undefined) request.toolChoice = convertToolChoice(input.tool_choice);
  if (input.parallel_tool_calls !== undefined) request.parallelToolCalls = input.parallel_tool_calls;
  if (input.response_format) request.responseFormat = convertResponseFormat(input.response_format);
  if (input.user !== undefined) request.user = input.user;
  return {
    request,
    stream: input.stream === true,
    includeUsage: input.stream_options?.include_usage === true,
    store: input.store === true,
  };
}

/** Sampling options shared by chat and legacy completions. */
export function convertGenerationOptions(
  input: Pick<OpenAIChatRequest, 'temperature' | 'top_p' | 'stop' | 'seed' | 'presence_penalty' | 'frequency_penalty' | 'max_tokens'> & {
    max_completion_tokens?: number | null | undefined;
  },
): GenerationOptions {
  const options: GenerationOptions = {};
  const maxTokens = input.max_completion_tokens ?? input.max_tokens;
  if (maxTokens != null) options.maxTokens = maxTokens;
  if (input.temperature != null) options.temperature = input.temperature;
  if (input.top_p != null) options.topP = input.top_p;
  if (input.stop != null) options.stop = typeof input.stop === 'string' ? [input.stop] : input.stop;
  if (input.seed != null) options.seed = input.seed;
  if (input.presence_penalty != null) options.presencePenalty = input.presence_penalty;
  if (input.frequency_penalty != null) options.frequencyPenalty = input.frequency_penalty;
  return options;
}

function convertMessage(message: OpenAIChatMessage): Message {
  switch (message.role) {
    case 'system':
    case 'developer':
      return withName({ role: 'system', content: convertText(message.content) }, message.name);
    case 'user': {
      const content: ContentPart[] =
        typeof message.content === 'string'
          ? [{ type: 'text', text: message.content }]
          : message.content.map((part) =>
              part.type === 'text'
                ? { type: 'text', text: part.text }
                : { type: 'image', url: part.image_url.url, ...(part.image_url.detail ? { detail: part.image_url.detail } : {}) },
            );
      return withName({ role: 'user', content }, message.name);
    }
    case 'assistant': {
      const content: ContentPart[] = [];
      if (typeof message.content === 'string') {
        if (message.content !== '') content.push({ type: 'text', text: message.content });
      } else if (message.content) {
        for (const part of message.content) content.push({ type: 'text', text: part.type === 'text' ? part.text : part.refusal });
      }
      for (const call of message.tool_calls ?? []) {
        content.push({ type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments });
      }
      return withName({ role: 'assistant', content }, message.name);
    }
    case 'tool':
      return {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: message.tool_call_id, content: joinText(message.content) }],
      };
  }
}

function withName(message: Message, name: string | undefined): Message {
  return name === undefined ? message : { ...message, name };
}

function convertText(content: string | { text: string }[]): ContentPart[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content.map((part) => ({ type: 'text', text: part.text }));
}

function joinText(content: string | { text: string }[]): string {
  return typeof content === 'string' ? content : content.map((part) => part.text).join('');
}

function convertToolChoice(choice: NonNullable<OpenAIChatRequest['tool_choice']>): ToolChoice {
  return typeof choice === 'string' ? choice : { name: choice.function.name };
}

function convertResponseFormat(format: NonNullable<OpenAIChatRequest['response_format']>): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const { name, description, schema, strict } = format.json_schema;
  return {
    type: 'json_schema',
    name,
    schema: schema ?? {},
    ...(description === undefined ? {} : { description }),
    ...(strict == null ? {} : { strict }),
  };
}
