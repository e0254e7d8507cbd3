import type { FinishReason, GenerateResponse, StreamEvent, ToolCall, Usage } from '../../canonical/types.js';

/** `/api/chat` answers carry a `message`; `/api/generate` answers carry a `response` string. */
export type ReplyShape = 'chat' | 'generate';

export interface EncodeOptions {
  shape: ReplyShape;
  /** The configured model that answered. */
  model: string;
  /** `performance.now()` when the request arrived: durations are measured from it. */
  startedAt: number;
}

interface OllamaToolCall {
  id: string;
  function: { index: number; name: string; arguments: unknown };
}

/**
 * The statistics of Ollama's final object, in nanoseconds. Airlock measures them itself:
 * `total_duration` is the whole request as the gateway saw it; `prompt_eval_duration` the time
 * to the first streamed token (0 for a non-streamed answer, where it cannot be told apart) and
 * `eval_duration` the rest; `load_duration` is 0 because models are loaded at start, not per request.
 */
export function createDoneFields(
  finishReason: FinishReason,
  usage: Usage | undefined,
  startedAt: number,
  firstEventAt?: number,
): Record<string, unknown> {
  const total = performance.now() - startedAt;
  const promptEval = firstEventAt === undefined ? 0 : Math.min(firstEventAt - startedAt, total);
  return {
    done_reason: finishReason === 'length' ? 'length' : 'stop',
    done: true,
    total_duration: toNanoseconds(total),
    load_duration: 0,
    prompt_eval_count: usage?.inputTokens ?? 0,
    prompt_eval_duration: toNanoseconds(promptEval),
    eval_count: usage?.outputTokens ?? 0,
    eval_duration: toNanoseconds(total - promptEval),
  };
}

export function toNanoseconds(milliseconds: number): number {
  return Math.max(0, Math.round(milliseconds * 1_000_000));
}

/** Canonical answer → one Ollama JSON object (`stream: false`). */
export function encodeResponse(response: GenerateResponse, options: EncodeOptions): Record<string, unknown> {
  const toolCalls = response.toolCalls.map(convertToolCall);
  return {
    ...createHead(options, response.text, toolCalls),
    ...createDoneFields(response.finishReason, response.usage, options.startedAt),
  };
}

/**
 * Canonical stream → NDJSON lines: one object per text delta (`done: false`), tool calls once
 * their arguments are complete (Ollama sends them whole, arguments as an object), then the final
 * object with `done: true` and the statistics.
 */
export async function* encodeStream(events: AsyncIterable<StreamEvent>, options: EncodeOptions): AsyncGenerator<string> {
  const calls = new Map<number, { id: string; name: string; argumentsText: string }>();
  let firstEventAt: number | undefined;
  for await (const event of events) {
    firstEventAt ??= performance.now();
    switch (event.type) {
      case 'text-delta':
        if (event.text !== '') yield formatLine(createHead(options, event.text, []), false);
        break;
      case 'tool-call-start':
        calls.set(event.index, { id: event.id, name: event.name, argumentsText: '' });
        break;
      case 'tool-call-delta': {
        const call = calls.get(event.index);
        if (call) call.argumentsText += event.argumentsDelta;
        break;
      }
      case 'finish': {
        if (calls.size > 0 && options.shape === 'chat') {
          const toolCalls = [...calls.entries()]
            .sort(([left], [right]) => left - right)
            .map(([index, call]) => convertToolCall({ id: call.id, name: call.name, arguments: call.argumentsText }, index));
          yield formatLine(createHead(options, '', toolCalls), false);
        }
        yield formatLine({
          ...createHead(options, '', []),
          ...createDoneFields(event.finishReason, event.usage, options.startedAt, firstEventAt),
        });
        return;
      }
    }
  }
}

function createHead(options: EncodeOptions, text: string, toolCalls: OllamaToolCall[]): Record<string, unknown> {
  const head: Record<string, unknown> = { model: options.model, created_at: new Date().toISOString() };
  if (options.shape === 'generate') {
    head['response'] = text;
  } else {
    head['message'] = { role: 'assistant', content: text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
  }
  return head;
}

function formatLine(body: Record<string, unknown>, done?: boolean): string {
  return `${JSON.stringify(done === undefined ? body : { ...body, done })}\n`;
}

function convertToolCall(call: ToolCall, index: number): OllamaToolCall {
  return { id: call.id, function: { index, name: call.name, arguments: parseArguments(call.arguments) } };
}

/**
 * Ollama's tool-call arguments are an object. Canonical arguments are the JSON text the model
 * wrote; text that is not a JSON object is passed on as the string it is rather than lost.
 */
function parseArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : text;
  } catch {
    return text;
  }
}
