import type { FinishReason, StreamEvent, Usage } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { handledEventTypes, streamEventSchema, type AnthropicUsage, type StreamEventData } from './anthropic-schemas.js';
import { convertUsage } from './convert-response.js';
import { mapFinishReason } from './map-finish-reason.js';
import { scrubSecrets } from '../http/scrub-secrets.js';

interface ToolBlock {
  /** Canonical index: counts tool_use blocks only, in the order they start. */
  index: number;
  sawArguments: boolean;
}

/** What the stream converter yields for one upstream event: deltas, and whether the message ended. */
export interface ConvertedEvent {
  events: StreamEvent[];
  stopped: boolean;
}

/**
 * Converts Messages stream events in order: message_start (model, input usage), content blocks
 * (text deltas; tool_use start and input_json fragments), message_delta (stop reason, cumulative
 * usage), message_stop (the finish). `ping` and unknown event types are skipped; `error` throws.
 */
export function createStreamConverter(requestedModel: string, name: string, secrets: string[]) {
  let model = requestedModel;
  let usage: AnthropicUsage;
  let finishReason: FinishReason = 'other';
  let stopSequence: string | undefined;
  const toolBlocks = new Map<number, ToolBlock>();

  function mergeUsage(next: AnthropicUsage): void {
    if (!next) return;
    // message_delta counts are cumulative and may repeat or omit the input counts of message_start.
    usage = { ...usage, ...Object.fromEntries(Object.entries(next).filter(([, value]) => value !== null && value !== undefined)) };
  }

  function convertBlockStart(data: Extract<StreamEventData, { type: 'content_block_start' }>, events: StreamEvent[]): void {
    const block = data.content_block;
    if (block.type === 'tool_use' && block.id && block.name) {
      const toolBlock = { index: toolBlocks.size, sawArguments: false };
      toolBlocks.set(data.index, toolBlock);
      events.push({ type: 'tool-call-start', index: toolBlock.index, id: block.id, name: block.name });
    } else if (block.type === 'text' && block.text) {
      events.push({ type: 'text-delta', text: block.text });
    }
  }

  /** Text and tool-input fragments; thinking, signature and citation deltas are not forwarded. */
  function convertBlockDelta(data: Extract<StreamEventData, { type: 'content_block_delta' }>, events: StreamEvent[]): void {
    const delta = data.delta;
    const toolBlock = toolBlocks.get(data.index);
    if (delta.type === 'text_delta' && delta.text) events.push({ type: 'text-delta', text: delta.text });
    else if (delta.type === 'input_json_delta' && toolBlock && delta.partial_json) {
      toolBlock.sawArguments = true;
      events.push({ type: 'tool-call-delta', index: toolBlock.index, argumentsDelta: delta.partial_json });
    }
  }

  function convertEvent(data: StreamEventData, emitted: boolean): ConvertedEvent {
    const events: StreamEvent[] = [];
    switch (data.type) {
      case 'message_start':
        model = data.message.model ?? model;
        mergeUsage(data.message.usage);
        break;
      case 'content_block_start':
        convertBlockStart(data, events);
        break;
      case 'content_block_delta':
        convertBlockDelta(data, events);
        break;
      case 'content_block_stop': {
        const toolBlock = toolBlocks.get(data.index);
        // A tool without parameters streams no input at all; its arguments are still an object.
        if (toolBlock && !toolBlock.sawArguments) events.push({ type: 'tool-call-delta', index: toolBlock.index, argumentsDelta: '{}' });
        break;
      }
      case 'message_delta':
        if (data.delta.stop_reason) finishReason = mapFinishReason(data.delta.stop_reason);
        if (data.delta.stop_reason === 'stop_sequence' && data.delta.stop_sequence) stopSequence = data.delta.stop_sequence;
        mergeUsage(data.usage);
        break;
      case 'message_stop':
        return { events: [finish()], stopped: true };
      case 'error':
        throw createStreamError(data.error.type, data.error.message, emitted);
    }
    return { events, stopped: false };
  }

  function finish(): StreamEvent {
    const converted: Usage | undefined = convertUsage(usage);
    return { type: 'finish', finishReason, model, ...(converted ? { usage: converted } : {}), ...(stopSequence ? { stopSequence } : {}) };
  }

  function createStreamError(type: string | null | undefined, message: string | null | undefined, emitted: boolean): AirlockError {
    const detail = message ? `: ${scrubSecrets(message, secrets).slice(0, 300)}` : '.';
    // Overload and server errors are transient, but once output reached the client a retry would repeat it.
    const transient = type === 'overloaded_error' || type === 'api_error' || type === 'rate_limit_error';
    return new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" reported ${type ?? 'an error'} mid-stream${detail}`, {
      isRetryable: transient && !emitted,
    });
  }

  return {
    /** Parses one SSE data payload; returns null for events Airlock does not act on (ping, new types). */
    parse(data: string): StreamEventData | null {
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch {
        throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" sent a stream event that is not JSON.`);
      }
      const type = (json as { type?: unknown } | null)?.type;
      if (typeof type !== 'string' || !handledEventTypes.has(type)) return null;
      const result = streamEventSchema.safeParse(json);
      if (!result.success) {
        throw new AirlockError('UPSTREAM_STREAM_ERROR', `Destination "${name}" sent a ${type} event in an unexpected shape.`, {
          cause: result.error,
        });
      }
      return result.data;
    },
    convertEvent,
  };
}
