import type { StreamEvent } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { approximateTokens } from '../../identity/estimate-tokens.js';
import { convertStopReason, formatUsage, type MessageEncodeOptions } from './encode-message.js';

export interface MessageStreamOptions extends MessageEncodeOptions {
  /**
   * Input tokens for `message_start`. The canonical stream reports usage only at its end, so
   * this is Airlock's estimate; the final `message_delta` carries the destination's count,
   * which is what the SDKs keep.
   */
  estimatedInputTokens: number;
}

/** One server-sent event, named as Anthropic names them (`event:` equals `data.type`). */
export function formatStreamEvent(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

export const PING_EVENT = formatStreamEvent('ping', {});

/**
 * Canonical stream → Messages stream events: `message_start`, a `ping`, then for each content
 * block `content_block_start` / `content_block_delta`... / `content_block_stop` (text as
 * `text_delta`, tool input as `input_json_delta`), then `message_delta` with the stop reason and
 * usage, and `message_stop`. Blocks are numbered in the order they start, one open at a time.
 */
export async function* encodeMessageStream(events: AsyncIterable<StreamEvent>, options: MessageStreamOptions): AsyncGenerator<string> {
  yield formatStreamEvent('message_start', {
    message: {
      id: options.id,
      type: 'message',
      role: 'assistant',
      model: options.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: formatUsage(options.estimatedInputTokens, 0),
    },
  });
  yield PING_EVENT;
  const blocks = createBlockWriter();
  for await (const event of events) {
    if (event.type !== 'finish') {
      yield* blocks.write(event);
      continue;
    }
    yield* blocks.stop();
    const usage = {
      ...(event.usage ? { input_tokens: event.usage.inputTokens } : {}),
      output_tokens: event.usage?.outputTokens ?? blocks.estimateOutputTokens(),
    };
    yield formatStreamEvent('message_delta', {
      delta: convertStopReason(event.finishReason, event.stopSequence, blocks.hasToolCalls()),
      usage,
    });
    yield formatStreamEvent('message_stop', {});
    return;
  }
  // Providers end every stream with a finish or an error; anything else is a broken stream.
  throw new AirlockError('UPSTREAM_STREAM_ERROR', 'The destination ended the stream without finishing the message.');
}

type OpenBlock = { kind: 'text'; index: number } | { kind: 'tool'; index: number };

function createBlockWriter() {
  let nextIndex = 0;
  let open: OpenBlock | undefined;
  let outputLength = 0;
  /** Canonical tool-call index → content block index. */
  const toolBlocks = new Map<number, number>();

  function stop(): string[] {
    if (!open) return [];
    const event = formatStreamEvent('content_block_stop', { index: open.index });
    open = undefined;
    return [event];
  }

  function write(event: Exclude<StreamEvent, { type: 'finish' }>): string[] {
    switch (event.type) {
      case 'text-delta': {
        if (event.text === '') return [];
        outputLength += event.text.length;
        const out: string[] = [];
        const index = open?.kind === 'text' ? open.index : startBlock('text', { type: 'text', text: '' }, out);
        out.push(formatStreamEvent('content_block_delta', { index, delta: { type: 'text_delta', text: event.text } }));
        return out;
      }
      case 'tool-call-start': {
        const out: string[] = [];
        toolBlocks.set(event.index, startBlock('tool', { type: 'tool_use', id: event.id, name: event.name, input: {} }, out));
        return out;
      }
      case 'tool-call-delta': {
        const index = toolBlocks.get(event.index);
        if (index === undefined || event.argumentsDelta === '') return [];
        outputLength += event.argumentsDelta.length;
        // Normally the open block. A late fragment of an earlier tool call (a destination that
        // interleaves calls) still goes to its own block: the SDKs accumulate deltas by index.
        return [
          formatStreamEvent('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: event.argumentsDelta } }),
        ];
      }
    }
  }

  /** Closes the open block and starts the next one (events appended to `out`); returns its index. */
  function startBlock(kind: OpenBlock['kind'], contentBlock: Record<string, unknown>, out: string[]): number {
    out.push(...stop());
    const index = nextIndex++;
    open = { kind, index };
    out.push(formatStreamEvent('content_block_start', { index, content_block: contentBlock }));
    return index;
  }

  return {
    write,
    stop,
    hasToolCalls: () => toolBlocks.size > 0,
    /** Used only when the destination reported no usage. */
    estimateOutputTokens: () => approximateTokens(outputLength),
  };
}
