import type { StreamEvent } from '../../canonical/types.js';
import type { AirlockError } from '../../errors/airlock-error.js';
import { createResponseObject, type OutputItem, type ResponseIdentity } from './encode-response.js';

type MessageItem = Extract<OutputItem, { type: 'message' }>;
type FunctionCallItem = Extract<OutputItem, { type: 'function_call' }>;

/**
 * Canonical stream → Responses API server-sent events, in the documented order:
 * response.created, response.in_progress, then per output item `output_item.added`,
 * content/argument deltas and their `.done` events, `output_item.done`, and finally
 * response.completed (or response.incomplete). Every event carries a sequence_number.
 */
export async function* encodeResponsesStream(events: AsyncIterable<StreamEvent>, identity: ResponseIdentity): AsyncGenerator<string> {
  let sequence = 0;
  const output: OutputItem[] = [];
  const emit = (type: string, payload: Record<string, unknown>): string =>
    `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...payload })}\n\n`;
  let message: { item: MessageItem; index: number } | undefined;
  const calls = new Map<number, { item: FunctionCallItem; index: number }>();
  const suffix = identity.id.slice(5);

  function* closeMessage(): Generator<string> {
    if (!message) return;
    const { item, index } = message;
    const part = item.content[0] ?? { type: 'output_text', text: '', annotations: [] };
    yield emit('response.output_text.done', { item_id: item.id, output_index: index, content_index: 0, text: part.text, logprobs: [] });
    yield emit('response.content_part.done', { item_id: item.id, output_index: index, content_index: 0, part });
    item.status = 'completed';
    yield emit('response.output_item.done', { output_index: index, item });
    message = undefined;
  }

  const started = createResponseObject(identity, { output: [], inProgress: true });
  yield emit('response.created', { response: started });
  yield emit('response.in_progress', { response: started });
  for await (const event of events) {
    switch (event.type) {
      case 'text-delta': {
        if (!message) {
          const item: MessageItem = {
            type: 'message',
            id: `msg_${suffix}_${output.length}`,
            status: 'in_progress',
            role: 'assistant',
            content: [],
          };
          message = { item, index: output.length };
          output.push(item);
          yield emit('response.output_item.added', { output_index: message.index, item: { ...item, content: [] } });
          item.content.push({ type: 'output_text', text: '', annotations: [] });
          yield emit('response.content_part.added', {
            item_id: item.id,
            output_index: message.index,
            content_index: 0,
            part: { type: 'output_text', text: '', annotations: [] },
          });
        }
        const part = message.item.content[0];
        if (part) part.text += event.text;
        yield emit('response.output_text.delta', {
          item_id: message.item.id,
          output_index: message.index,
          content_index: 0,
          delta: event.text,
          logprobs: [],
        });
        break;
      }
      case 'tool-call-start': {
        yield* closeMessage();
        const item: FunctionCallItem = {
          type: 'function_call',
          id: `fc_${suffix}_${output.length}`,
          call_id: event.id,
          name: event.name,
          arguments: '',
          status: 'in_progress',
        };
        calls.set(event.index, { item, index: output.length });
        output.push(item);
        yield emit('response.output_item.added', { output_index: output.length - 1, item: { ...item } });
        break;
      }
      case 'tool-call-delta': {
        const call = calls.get(event.index);
        if (!call) break;
        call.item.arguments += event.argumentsDelta;
        yield emit('response.function_call_arguments.delta', {
          item_id: call.item.id,
          output_index: call.index,
          delta: event.argumentsDelta,
        });
        break;
      }
      case 'finish': {
        yield* closeMessage();
        for (const { item, index } of calls.values()) {
          yield emit('response.function_call_arguments.done', { item_id: item.id, output_index: index, arguments: item.arguments });
          item.status = 'completed';
          yield emit('response.output_item.done', { output_index: index, item });
        }
        const finished = createResponseObject(identity, {
          output,
          finishReason: event.finishReason,
          ...(event.usage ? { usage: event.usage } : {}),
        });
        yield emit(finished['status'] === 'completed' ? 'response.completed' : 'response.incomplete', { response: finished });
        return;
      }
    }
  }
}

/**
 * A failure after the stream started: the Responses `error` event. It also carries an OpenAI
 * error object under `error`, which the official SDKs raise as an APIError.
 */
export function renderResponsesStreamError(error: AirlockError): string {
  const body = {
    type: 'error',
    code: error.code,
    message: error.message,
    param: error.param ?? null,
    error: { message: error.message, type: 'server_error', code: error.code, param: error.param ?? null },
  };
  return `event: error\ndata: ${JSON.stringify(body)}\n\n`;
}
