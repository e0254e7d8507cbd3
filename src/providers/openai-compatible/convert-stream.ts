import type { z } from 'zod';
import type { FinishReason, StreamEvent, Usage } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { convertUsage } from './convert-response.js';
import { mapFinishReason } from './map-finish-reason.js';
import { chatChunkSchema, completionChunkSchema, type ToolCallDelta } from './openai-schemas.js';
import type { ChunkConverter } from './read-event-stream.js';

interface ToolCallState {
  /** Canonical index, assigned when the call starts (in the order calls start). */
  index: number;
  id: string | undefined;
  name: string | undefined;
  /** Argument fragments that arrived before the call's name (some servers split them). */
  pendingArguments: string;
}

/** Tracks what a stream reported so the single finish event carries it. */
function createFinishState(requestedModel: string) {
  let finishReason: FinishReason = 'other';
  let usage: Usage | undefined;
  let model = requestedModel;
  return {
    record(chunk: { model?: string | null | undefined; usage?: Parameters<typeof convertUsage>[0] }, reason?: string | null) {
      if (chunk.model) model = chunk.model;
      usage = convertUsage(chunk.usage) ?? usage;
      if (reason) finishReason = mapFinishReason(reason);
    },
    finish: (): StreamEvent => ({ type: 'finish', finishReason, model, ...(usage ? { usage } : {}) }),
  };
}

/** Converts `chat.completion.chunk`s: text deltas, tool-call starts and argument fragments. */
export function createChatChunkConverter(requestedModel: string, name: string): ChunkConverter {
  const state = createFinishState(requestedModel);
  const toolCalls = new Map<number, ToolCallState>();
  let startedCount = 0;

  function convertToolCallDelta(delta: ToolCallDelta, events: StreamEvent[]): void {
    // Without an index, a delta carrying an id opens a new call and any other continues the last.
    const upstreamIndex = delta.index ?? (delta.id ? toolCalls.size : Math.max(0, toolCalls.size - 1));
    let call = toolCalls.get(upstreamIndex);
    if (!call) {
      call = { index: -1, id: undefined, name: undefined, pendingArguments: '' };
      toolCalls.set(upstreamIndex, call);
    }
    call.id ??= delta.id ?? undefined;
    call.name ??= delta.function?.name ?? undefined;
    let argumentsDelta = delta.function?.arguments ?? '';
    if (call.index === -1) {
      if (call.name === undefined) {
        call.pendingArguments += argumentsDelta;
        return;
      }
      call.index = startedCount++;
      events.push({ type: 'tool-call-start', index: call.index, id: call.id ?? `call_${call.index}`, name: call.name });
      argumentsDelta = call.pendingArguments + argumentsDelta;
      call.pendingArguments = '';
    }
    if (argumentsDelta !== '') events.push({ type: 'tool-call-delta', index: call.index, argumentsDelta });
  }

  return {
    convertChunk(json) {
      const chunk = parseChunk(chatChunkSchema, json, name);
      const choice = chunk.choices?.[0];
      state.record(chunk, choice?.finish_reason);
      const events: StreamEvent[] = [];
      const text = choice?.delta?.content;
      if (text) events.push({ type: 'text-delta', text });
      for (const delta of choice?.delta?.tool_calls ?? []) convertToolCallDelta(delta, events);
      return events;
    },
    finish() {
      for (const call of toolCalls.values()) {
        if (call.index === -1) {
          throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" streamed a tool call without a name.`);
        }
      }
      return state.finish();
    },
  };
}

/** Converts legacy completions chunks (`choices[0].text`). */
export function createCompletionChunkConverter(requestedModel: string, name: string): ChunkConverter {
  const state = createFinishState(requestedModel);
  return {
    convertChunk(json) {
      const chunk = parseChunk(completionChunkSchema, json, name);
      const choice = chunk.choices?.[0];
      state.record(chunk, choice?.finish_reason);
      return choice?.text ? [{ type: 'text-delta', text: choice.text }] : [];
    },
    finish: state.finish,
  };
}

function parseChunk<T extends z.ZodType>(schema: T, json: unknown, name: string): z.infer<T> {
  const result = schema.safeParse(json);
  if (!result.success) {
    // Not retryable: a server that sends this shape will send it again.
    throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" sent a stream chunk in an unexpected shape.`, {
      cause: result.error,
    });
  }
  return result.data;
}
