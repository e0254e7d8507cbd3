import type { AirlockDecision } from './airlock-decision.js';
import { type ChatStreamRequest, type GatewayClient } from './gateway-client.js';
import { GatewayError } from './gateway-error.js';
import { writeOutput, type OutputStream } from './terminal-io.js';

/** How one streamed answer ended. */
export interface AnswerOutcome {
  /** The text printed, in full. */
  text: string;
  decision: AirlockDecision;
  /** `completed`, `cancelled` (the user interrupted) or `failed` (see `error`). */
  status: 'completed' | 'cancelled' | 'failed';
  error?: GatewayError;
  finishReason?: string | undefined;
}

/**
 * Asks the gateway and prints the answer to `output` as it arrives, ending with a newline. A
 * failure before or during the stream is returned, not thrown, with whatever decision the gateway
 * reported, so `/why` can explain a block too. Aborting `signal` cancels the request.
 */
export async function streamAnswer(
  client: GatewayClient,
  request: ChatStreamRequest,
  output: OutputStream,
  signal?: AbortSignal,
): Promise<AnswerOutcome> {
  let text = '';
  let decision: AirlockDecision = {};
  let finishReason: string | undefined;
  const finishLine = async () => {
    if (text !== '' && !text.endsWith('\n')) await writeOutput(output, '\n');
  };
  try {
    const stream = await client.openChatStream(request, signal);
    decision = stream.decision;
    for await (const piece of stream.text) {
      text += piece;
      await writeOutput(output, piece);
    }
    finishReason = stream.finishReason;
    await finishLine();
    return { text, decision, status: 'completed', finishReason };
  } catch (error) {
    await finishLine();
    // Whatever the abort surfaced as (undici's AbortError, a broken body), the user asked for it.
    if (signal?.aborted) return { text, decision, status: 'cancelled' };
    if (error instanceof GatewayError) {
      return { text, decision: { ...decision, ...error.decision }, status: 'failed', error };
    }
    throw error;
  }
}
