import type { z } from 'zod';
import type { FinishReason, StreamEvent, Usage } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import type { EventStreamMessage } from './decode-event-stream.js';
import { streamEventSchemas, type StreamEventType } from './converse-schemas.js';
import { convertUsage, mapStopReason } from './map-stop-reason.js';
import { createStreamException } from './parse-error.js';

interface ToolBlock {
  /** Canonical index: counts tool blocks only, in the order they start. */
  index: number;
  sawInput: boolean;
}

export interface StreamConverterOptions {
  name: string;
  requestedModel: string;
  /** Values scrubbed from upstream messages that reach an error. */
  secrets: string[];
}

/**
 * Converts ConverseStream messages in order: contentBlockStart (a tool call's start),
 * contentBlockDelta (text, tool input fragments), contentBlockStop, messageStop (the stop
 * reason), metadata (usage, sent after messageStop). The finish is emitted at metadata, or by
 * `end()` when the stream closes after messageStop without it. Exceptions throw.
 */
export function createStreamConverter(options: StreamConverterOptions) {
  const toolBlocks = new Map<number, ToolBlock>();
  let finishReason: FinishReason | undefined;
  let usage: Usage | undefined;
  let finished = false;

  function finish(): StreamEvent {
    finished = true;
    return { type: 'finish', finishReason: finishReason ?? 'other', model: options.requestedModel, ...(usage ? { usage } : {}) };
  }

  function convertEvent(type: StreamEventType, payload: unknown): StreamEvent[] {
    switch (type) {
      case 'contentBlockStart': {
        const data = parse('contentBlockStart', payload);
        const toolUse = data.start?.toolUse;
        if (!toolUse) return [];
        const toolBlock = { index: toolBlocks.size, sawInput: false };
        toolBlocks.set(data.contentBlockIndex, toolBlock);
        return [{ type: 'tool-call-start', index: toolBlock.index, id: toolUse.toolUseId, name: toolUse.name }];
      }
      case 'contentBlockDelta':
        return convertDelta(parse('contentBlockDelta', payload));
      case 'contentBlockStop': {
        const toolBlock = toolBlocks.get(parse('contentBlockStop', payload).contentBlockIndex);
        // A tool without parameters streams no input; its arguments are still an object.
        return toolBlock && !toolBlock.sawInput ? [{ type: 'tool-call-delta', index: toolBlock.index, argumentsDelta: '{}' }] : [];
      }
      case 'messageStop':
        finishReason = mapStopReason(parse('messageStop', payload).stopReason);
        return [];
      case 'metadata':
        usage = convertUsage(parse('metadata', payload).usage);
        return finishReason === undefined ? [] : [finish()];
      case 'messageStart':
        return [];
    }
  }

  function convertDelta(data: z.output<(typeof streamEventSchemas)['contentBlockDelta']>): StreamEvent[] {
    if (data.delta.text) return [{ type: 'text-delta', text: data.delta.text }];
    const toolBlock = toolBlocks.get(data.contentBlockIndex);
    const input = data.delta.toolUse?.input;
    if (!toolBlock || !input) return [];
    toolBlock.sawInput = true;
    return [{ type: 'tool-call-delta', index: toolBlock.index, argumentsDelta: input }];
  }

  function parse<T extends StreamEventType>(type: T, payload: unknown): z.output<(typeof streamEventSchemas)[T]> {
    const result = streamEventSchemas[type].safeParse(payload);
    if (!result.success) {
      throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${options.name}" sent a ${type} event in an unexpected shape.`);
    }
    return result.data as z.output<(typeof streamEventSchemas)[T]>;
  }

  return {
    /** Canonical events for one decoded message (none for events Airlock does not act on). */
    convert(message: EventStreamMessage, emitted: boolean): StreamEvent[] {
      const messageType = message.headers[':message-type'];
      if (messageType === 'exception') {
        throw createStreamException(
          options.name,
          message.headers[':exception-type'] ?? 'an exception',
          message.payload,
          options.secrets,
          emitted,
        );
      }
      if (messageType === 'error') {
        throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${options.name}" reported an error mid-stream.`, {
          isRetryable: !emitted,
        });
      }
      const type = message.headers[':event-type'];
      if (messageType !== 'event' || !type || !(type in streamEventSchemas)) return [];
      return convertEvent(type as StreamEventType, parsePayload(message.payload, options.name));
    },
    isFinished: () => finished,
    /** At the end of the body: the finish if the message stopped but no metadata came, else undefined. */
    end(): StreamEvent | undefined {
      return !finished && finishReason !== undefined ? finish() : undefined;
    },
  };
}

function parsePayload(payload: Buffer, name: string): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    // No cause: the parser's message quotes the payload, which may hold completion text.
    throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" sent a stream event that is not JSON.`);
  }
}
