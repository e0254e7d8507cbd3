import type { FinishReason, GenerateResponse, StreamEvent, Usage } from '../../canonical/types.js';

export interface EncodeOptions {
  id: string;
  created: number;
  /** The configured model that answered. */
  model: string;
}

export function convertFinishReason(reason: FinishReason): string {
  switch (reason) {
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    case 'length':
      return 'length';
    default:
      return 'stop';
  }
}

export function convertUsage(usage: Usage | undefined): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
}

/** Canonical response → `chat.completion`. */
export function encodeChatResponse(response: GenerateResponse, options: EncodeOptions): Record<string, unknown> {
  const toolCalls = response.toolCalls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    id: options.id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: response.text === '' && toolCalls.length > 0 ? null : response.text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: convertFinishReason(response.finishReason),
      },
    ],
    usage: convertUsage(response.usage),
  };
}

/**
 * Canonical stream → `chat.completion.chunk` SSE lines, ending with `[DONE]`. With
 * `includeUsage`, every chunk carries `usage: null` and a last chunk with empty choices carries
 * the totals, as OpenAI does.
 */
export async function* encodeChatStream(
  events: AsyncIterable<StreamEvent>,
  options: EncodeOptions & { includeUsage: boolean },
): AsyncGenerator<string> {
  const head = `{"id":${JSON.stringify(options.id)},"object":"chat.completion.chunk","created":${options.created},"model":${JSON.stringify(options.model)},"system_fingerprint":null,"choices":`;
  const tail = options.includeUsage ? ',"usage":null}' : '}';
  const chunk = (choice: unknown): string => `data: ${head}[${JSON.stringify(choice)}]${tail}\n\n`;
  yield chunk({ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null });
  for await (const event of events) {
    switch (event.type) {
      case 'text-delta':
        if (event.text !== '') yield chunk({ index: 0, delta: { content: event.text }, logprobs: null, finish_reason: null });
        break;
      case 'tool-call-start':
        yield chunk({
          index: 0,
          delta: { tool_calls: [{ index: event.index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }] },
          logprobs: null,
          finish_reason: null,
        });
        break;
      case 'tool-call-delta':
        yield chunk({
          index: 0,
          delta: { tool_calls: [{ index: event.index, function: { arguments: event.argumentsDelta } }] },
          logprobs: null,
          finish_reason: null,
        });
        break;
      case 'finish':
        yield chunk({ index: 0, delta: {}, logprobs: null, finish_reason: convertFinishReason(event.finishReason) });
        if (options.includeUsage) yield `data: ${head}[],"usage":${JSON.stringify(convertUsage(event.usage))}}\n\n`;
        yield 'data: [DONE]\n\n';
        return;
    }
  }
}
