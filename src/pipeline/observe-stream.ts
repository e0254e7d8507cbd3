import type { StreamEvent } from '../canonical/types.js';
import type { RequestContext } from './request-context.js';
import type { OutputFinding } from './inspect-output.js';

/**
 * Records, as events pass, what observers need afterwards: time to first event, the final
 * usage, and the streamed text (kept in memory only, to estimate tokens if none are reported).
 */
export async function* observeStream(
  events: AsyncIterable<StreamEvent>,
  context: RequestContext,
  inspectOutput?: (text: string) => OutputFinding[],
): AsyncGenerator<StreamEvent> {
  const trace = context.trace;
  const output: string[] = [];
  trace.outputText = output;
  for await (const event of events) {
    trace.firstEventMs ??= performance.now() - context.startedAt;
    if (event.type === 'text-delta') output.push(event.text);
    else if (event.type === 'tool-call-delta') output.push(event.argumentsDelta);
    else if (event.type === 'finish') {
      if (event.usage) trace.usage = event.usage;
      // A streamed answer has already been sent as it arrived: output findings are flagged
      // (recorded for the audit log), not masked. Non-streamed answers are masked.
      if (inspectOutput) trace.outputFindings = inspectOutput(output.join(''));
    }
    yield event;
  }
}
