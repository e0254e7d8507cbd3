import type { ChatRequest, ContentPart, Message } from '../../canonical/types.js';
import { validateBody } from '../validate.js';
import { responsesRequestSchema, type ResponsesInputItem, type ResponsesRequest } from './request-schema.js';

export interface ParsedResponsesRequest {
  request: ChatRequest;
  stream: boolean;
  /** The client asked the provider to store the response (`store: true`). */
  store: boolean;
  /** Echoed back in the response object. */
  echo: Pick<
    ResponsesRequest,
    'instructions' | 'tools' | 'tool_choice' | 'temperature' | 'top_p' | 'max_output_tokens' | 'parallel_tool_calls' | 'text'
  >;
}

/** Responses API body → canonical chat request. */
export function parseResponsesRequest(body: unknown): ParsedResponsesRequest {
  const input = validateBody(responsesRequestSchema, body);
  const messages: Message[] = [];
  if (input.instructions) messages.push({ role: 'system', content: [{ type: 'text', text: input.instructions }] });
  if (typeof input.input === 'string') messages.push({ role: 'user', content: [{ type: 'text', text: input.input }] });
  else for (const item of input.input) appendItem(messages, item);
  const request: ChatRequest = { model: input.model, messages };
  if (input.max_output_tokens != null) request.maxTokens = input.max_output_tokens;
  if (input.temperature != null) request.temperature = input.temperature;
  if (input.top_p != null) request.topP = input.top_p;
  if (input.parallel_tool_calls != null) request.parallelToolCalls = input.parallel_tool_calls;
  const user = input.safety_identifier ?? input.user;
  if (user !== undefined) request.user = user;
  if (input.tools?.length) {
    request.tools = input.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      ...(tool.strict == null ? {} : { strict: tool.strict }),
    }));
  }
  if (input.tool_choice !== undefined)
    request.toolChoice = typeof input.tool_choice === 'string' ? input.tool_choice : { name: input.tool_choice.name };
  const format = input.text?.format;
  if (format) {
    request.responseFormat =
      format.type === 'json_schema'
        ? {
            type: 'json_schema',
            name: format.name,
            schema: format.schema,
            ...(format.description ? { description: format.description } : {}),
            ...(format.strict == null ? {} : { strict: format.strict }),
          }
        : { type: format.type };
  }
  const { instructions, tools, tool_choice, temperature, top_p, max_output_tokens, parallel_tool_calls, text } = input;
  return {
    request,
    stream: input.stream === true,
    store: input.store === true,
    echo: { instructions, tools, tool_choice, temperature, top_p, max_output_tokens, parallel_tool_calls, text },
  };
}

function appendItem(messages: Message[], item: ResponsesInputItem): void {
  if (!('type' in item) || item.type === undefined || item.type === 'message') {
    const message = item as Extract<ResponsesInputItem, { role: string }>;
    const role = message.role === 'developer' ? 'system' : message.role;
    const content: ContentPart[] =
      typeof message.content === 'string'
        ? [{ type: 'text', text: message.content }]
        : message.content.map((part): ContentPart => {
            switch (part.type) {
              case 'input_image':
                return { type: 'image', url: part.image_url, ...(part.detail ? { detail: part.detail } : {}) };
              case 'refusal':
                return { type: 'text', text: part.refusal };
              default:
                return { type: 'text', text: part.text };
            }
          });
    messages.push({ role, content });
    return;
  }
  switch (item.type) {
    case 'function_call': {
      const part: ContentPart = { type: 'tool-call', id: item.call_id, name: item.name, arguments: item.arguments };
      // Calls the model made together belong to one assistant turn.
      const last = messages.at(-1);
      if (last?.role === 'assistant') last.content.push(part);
      else messages.push({ role: 'assistant', content: [part] });
      return;
    }
    case 'function_call_output': {
      const output = typeof item.output === 'string' ? item.output : item.output.map((part) => part.text).join('');
      messages.push({ role: 'tool', content: [{ type: 'tool-result', toolCallId: item.call_id, content: output }] });
      return;
    }
    case 'reasoning':
      return;
  }
}
