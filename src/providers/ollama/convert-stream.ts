import type { FinishReason, StreamEvent } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { convertToolCall, convertUsage, mapDoneReason } from './convert-response.js';
import { createStreamErrorLine, readOllamaErrorMessage } from './ollama-errors.js';
import { chatChunkSchema, generateChunkSchema, type OllamaChatChunk } from './ollama-wire.js';

export interface StreamContext {
  name: string;
  requestedModel: string;
  /** Set once an event reached the consumer: from then on a failure is not retryable (a retry would repeat it). */
  progress: { emitted: boolean };
}

/**
 * Converts `/api/chat` NDJSON objects to stream events. Ollama sends each tool call whole in one
 * object, so a call becomes one `tool-call-start` and one `tool-call-delta` with all its arguments.
 * The stream must end with `done: true`; an `{"error"}` line or an early end is a broken stream.
 */
export async function* convertChatStream(lines: AsyncIterable<unknown>, context: StreamContext): AsyncGenerator<StreamEvent> {
  let toolCallCount = 0;
  let finished = false;
  for await (const line of lines) {
    // Reading on after `done` lets the body end normally, so the connection is kept alive.
    if (finished) continue;
    const chunk = parseChunk(line, chatChunkSchema, context);
    const text = chunk.message?.content ?? '';
    if (text !== '') {
      context.progress.emitted = true;
      yield { type: 'text-delta', text };
    }
    for (const event of convertToolCallEvents(chunk, toolCallCount)) {
      context.progress.emitted = true;
      if (event.type === 'tool-call-start') toolCallCount += 1;
      yield event;
    }
    if (chunk.done === true) {
      finished = true;
      yield createFinish(chunk, mapDoneReason(chunk.done_reason, toolCallCount > 0), context.requestedModel);
    }
  }
  if (!finished) throw createTruncatedError(context);
}

/** Converts `/api/generate` NDJSON objects (`response` deltas) to stream events. */
export async function* convertGenerateStream(lines: AsyncIterable<unknown>, context: StreamContext): AsyncGenerator<StreamEvent> {
  let finished = false;
  for await (const line of lines) {
    if (finished) continue;
    const chunk = parseChunk(line, generateChunkSchema, context);
    if (chunk.response) {
      context.progress.emitted = true;
      yield { type: 'text-delta', text: chunk.response };
    }
    if (chunk.done === true) {
      finished = true;
      yield createFinish(chunk, mapDoneReason(chunk.done_reason, false), context.requestedModel);
    }
  }
  if (!finished) throw createTruncatedError(context);
}

function* convertToolCallEvents(chunk: OllamaChatChunk, firstIndex: number): Generator<StreamEvent> {
  let index = firstIndex;
  for (const wireCall of chunk.message?.tool_calls ?? []) {
    const call = convertToolCall(wireCall);
    yield { type: 'tool-call-start', index, id: call.id, name: call.name };
    yield { type: 'tool-call-delta', index, argumentsDelta: call.arguments };
    index += 1;
  }
}

interface ChunkSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

function parseChunk<T>(line: unknown, schema: ChunkSchema<T>, context: StreamContext): T {
  const errorMessage = readOllamaErrorMessage(line);
  if (errorMessage !== undefined) throw createStreamErrorLine(context.name, errorMessage, context.progress.emitted);
  const parsed = schema.safeParse(line);
  if (!parsed.success) {
    throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${context.name}" sent a stream object of an unknown shape.`, {
      isRetryable: !context.progress.emitted,
    });
  }
  return parsed.data;
}

function createFinish(
  chunk: { model?: string | undefined; prompt_eval_count?: number | undefined; eval_count?: number | undefined },
  finishReason: FinishReason,
  requestedModel: string,
): StreamEvent {
  const usage = convertUsage(chunk);
  return { type: 'finish', finishReason, model: chunk.model ?? requestedModel, ...(usage ? { usage } : {}) };
}

function createTruncatedError(context: StreamContext): AirlockError {
  return new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${context.name}" ended the stream before it was done.`, {
    isRetryable: !context.progress.emitted,
  });
}
