import { DisposedError, type LlamaContextSequence, type LlamaModel, type Token } from 'node-llama-cpp';
import type { FinishReason, GenerationOptions, StreamEvent } from '../../canonical/types.js';
import type { GenerationPrompt } from './generation-prompt.js';
import type { SequencePool } from './sequence-pool.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { convertSamplingOptions } from './sampling-options.js';
import { createStopMatcher } from './stop-matcher.js';
import { createTokenDecoder } from './token-decoder.js';

export interface GenerationInput {
  /** The destination id, for error messages. */
  destination: string;
  model: LlamaModel;
  pool: SequencePool;
  prompt: GenerationPrompt;
  options: GenerationOptions;
  /** Reported in the finish event. */
  modelName: string;
  signal: AbortSignal;
}

/**
 * Generates on one pooled sequence and yields `text-delta` events then one `finish`. The
 * generator pulls one token from llama.cpp per step, so a consumer that stops reading stops the
 * generation (backpressure); leaving the loop early (break, abort, error) closes the evaluation
 * and gives the sequence back to the pool.
 */
export async function* streamGeneration(input: GenerationInput): AsyncGenerator<StreamEvent> {
  const sequence = await input.pool.acquire(input.signal);
  try {
    yield* generateOnSequence(sequence, input);
  } catch (error) {
    if (input.signal.aborted) throw input.signal.reason;
    if (error instanceof AirlockError) throw error;
    // The context was disposed under a running generation: the destination is closing.
    if (error instanceof DisposedError) {
      throw new AirlockError('SHUTTING_DOWN', `Destination "${input.destination}" closed during the generation.`, { isRetryable: true });
    }
    throw new AirlockError('UPSTREAM_ERROR', `Destination "${input.destination}" failed while generating.`, { cause: error });
  } finally {
    input.pool.release(sequence);
  }
}

async function* generateOnSequence(sequence: LlamaContextSequence, input: GenerationInput): AsyncGenerator<StreamEvent> {
  const { model, prompt, options, signal } = input;
  signal.throwIfAborted();
  // Keeps the KV cache of the prefix this prompt shares with the sequence's previous one; at least
  // the last prompt token is evaluated again to get the logits of the first answer token.
  await sequence.adaptStateToTokens(prompt.tokens.slice(0, -1), false);
  signal.throwIfAborted();
  const limit = Math.min(options.maxTokens ?? Number.POSITIVE_INFINITY, sequence.contextSize - prompt.tokens.length);
  const generated: Token[] = [];
  const stopTokens = new Set(prompt.stopTokens);
  const decoder = createTokenDecoder(model, prompt.tokens);
  const stopMatcher = createStopMatcher(prompt.stopStrings);
  let trimLeading = prompt.trimLeadingWhitespace;
  let finishReason: FinishReason = 'length';
  let stoppedByText = false;
  const evaluation = sequence.evaluate(prompt.tokens.slice(sequence.nextTokenIndex), convertSamplingOptions(options, generated));
  for await (const token of limit > 0 ? evaluation : []) {
    signal.throwIfAborted();
    if (model.isEogToken(token) || stopTokens.has(token)) {
      finishReason = 'stop';
      break;
    }
    generated.push(token);
    let text = decoder.push(token);
    if (trimLeading && text !== '') {
      text = text.trimStart();
      trimLeading = text === '';
    }
    const match = stopMatcher.push(text);
    if (match.text !== '') yield { type: 'text-delta', text: match.text };
    if (match.stopped) {
      finishReason = 'stop';
      stoppedByText = true;
      break;
    }
    if (generated.length >= limit) break;
  }
  if (!stoppedByText) {
    const rest = stopMatcher.push(decoder.flush());
    const tail = rest.stopped ? rest.text : rest.text + stopMatcher.flush();
    if (rest.stopped) finishReason = 'stop';
    if (tail !== '') yield { type: 'text-delta', text: tail };
  }
  yield {
    type: 'finish',
    finishReason,
    usage: { inputTokens: prompt.tokens.length, outputTokens: generated.length },
    model: input.modelName,
  };
}
