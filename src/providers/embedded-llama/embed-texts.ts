import type { LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import type { EmbeddingRequest, EmbeddingResponse } from '../../canonical/types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { tokenizeWithBos } from './tokenize-with-bos.js';

export interface EmbedTextsInput {
  model: LlamaModel;
  embeddingContext: LlamaEmbeddingContext;
  contextSize: number;
  request: EmbeddingRequest;
  signal: AbortSignal;
}

/**
 * One vector per input, computed in order on the shared embedding context (node-llama-cpp
 * serialises its use). Usage counts the tokens each input was evaluated as.
 */
export async function embedTexts(input: EmbedTextsInput): Promise<EmbeddingResponse> {
  const { model, embeddingContext, request, signal } = input;
  if (request.dimensions !== undefined && request.dimensions !== model.embeddingVectorSize) {
    throw new AirlockError('CAPABILITY_UNSUPPORTED', `The embedded model only produces ${model.embeddingVectorSize}-dimension vectors.`, {
      param: 'dimensions',
    });
  }
  const embeddings: number[][] = [];
  let inputTokens = 0;
  for (const [index, text] of request.input.entries()) {
    signal.throwIfAborted();
    const tokens = tokenizeWithBos(model, text);
    if (text === '' || tokens.length >= input.contextSize) {
      throw new AirlockError('INVALID_REQUEST', `Input ${index} must be between 1 and ${input.contextSize - 1} tokens long.`, {
        param: `input[${index}]`,
      });
    }
    const embedding = await embeddingContext.getEmbeddingFor(tokens);
    embeddings.push([...embedding.vector]);
    inputTokens += tokens.length;
  }
  return { model: request.model, embeddings, usage: { inputTokens, outputTokens: 0 } };
}
