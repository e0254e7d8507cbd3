import { z } from 'zod';
import type { EmbeddingRequest, EmbeddingResponse } from '../../canonical/types.js';
import { validateBody } from '../validate.js';

const embeddingRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)], {
    message: 'input must be a string or an array of strings (token arrays are not supported)',
  }),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
  user: z.string().optional(),
});

export function parseEmbeddingRequest(body: unknown): { request: EmbeddingRequest; encoding: 'float' | 'base64' } {
  const input = validateBody(embeddingRequestSchema, body);
  const request: EmbeddingRequest = { model: input.model, input: typeof input.input === 'string' ? [input.input] : input.input };
  if (input.dimensions !== undefined) request.dimensions = input.dimensions;
  if (input.user !== undefined) request.user = input.user;
  return { request, encoding: input.encoding_format ?? 'float' };
}

/** The official SDKs ask for base64 (little-endian float32) by default to save bandwidth. */
function encodeBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

export function encodeEmbeddingResponse(response: EmbeddingResponse, model: string, encoding: 'float' | 'base64'): Record<string, unknown> {
  const promptTokens = response.usage?.inputTokens ?? 0;
  return {
    object: 'list',
    data: response.embeddings.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encoding === 'base64' ? encodeBase64(vector) : vector,
    })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}
