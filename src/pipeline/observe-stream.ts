import type { StreamEvent } from '../canonical/types.js';
import type { RequestContext } from './request-context.js';
import type { OutputFinding } from './inspect-output.js';

/**
 * Records, as events pass, what observers need afterwards: time to first event, the final
 * usage, and the streamed text (kept in memory only, to estimate tokens if none are reported).
 * A tap on the iterator rather than another async generator: each generator layer costs every
 * event a few promise turns, and a stream carries hundreds of events.
 */
export function observeStream(
  events: AsyncIterable<StreamEvent>,
  context: RequestContext,
  inspectOutput?: (text: string) => OutputFinding[],
): AsyncIterable<StreamEvent> {
  const trace = context.trace;
  const output: string[] = [];
  trace.outputText = output;
  const observe = (event: StreamEvent): void => {
    trace.firstEventMs ??= performance.now() - context.startedAt;
    if (event.type === 'text-delta') output.push(event.text);
    else if (event.type === 'tool-call-delta') output.push(event.argumentsDelta);
    else if (event.type === 'finish') {
      if (event.usage) trace.usage = event.usage;
      // A streamed answer has already been sent as it arrived: output findings are flagged
      // (recorded for the audit log), not masked. Non-streamed answers are masked.
      if (inspectOutput) trace.outputFindings = inspectOutput(output.join(''));
    }
  };
  return tapStream(events, observe);
}

/** Calls `onEvent` with each event as the consumer pulls it; ending early ends the source too. */
export function tapStream<T>(source: AsyncIterable<T>, onEvent: (event: T) => void): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const iterator = source[Symbol.asyncIterator]();
      return {
        next: () =>
          iterator.next().then((result) => {
            if (result.done !== true) onEvent(result.value);
            return result;
          }),
        return: async (value?: unknown) => (await iterator.return?.(value)) ?? { done: true, value: undefined },
        throw: async (error?: unknown) => {
          if (iterator.throw) return iterator.throw(error);
          throw error;
        },
      };
    },
  };
}
