import type {
  ChatRequest,
  CompletionRequest,
  EmbeddingRequest,
  EmbeddingResponse,
  GenerateResponse,
  StreamEvent,
} from '../canonical/types.js';
import type { Classification } from '../inspect/types.js';

/**
 * A request feature that makes the provider keep data (e.g. `store` for OpenAI's `store: true`);
 * the pipeline refuses it for destinations whose declared retention does not cover it.
 */
export interface StorageRequest {
  /** The request field asking for it, e.g. `store`. */
  param: string;
  /** How to name it to the user, e.g. `store: true`. */
  feature: string;
}

/** What a surface asks the pipeline to do, in canonical form. */
export type Operation =
  | { kind: 'chat'; request: ChatRequest; stream: boolean; storage?: StorageRequest }
  | { kind: 'completion'; request: CompletionRequest; stream: boolean; storage?: StorageRequest }
  | { kind: 'embedding'; request: EmbeddingRequest }
  /**
   * Counting a prompt's tokens (Anthropic's count_tokens). It carries prompt text, so it is
   * inspected and decided like a chat (policy, limits and audit see it), but it is never sent
   * anywhere: the pipeline counts locally.
   */
  | { kind: 'count-tokens'; request: ChatRequest };

export interface Route {
  /** The configured model that answered (may differ from the requested one after a reroute or fallback). */
  model: string;
  destination: string;
  upstreamModel: string;
}

/** What the pipeline hands back to the surface: the decision in headers, then the answer. */
export interface GatewayReply {
  requestId: string;
  route: Route;
  classification: Classification;
  action: string;
  /** `x-airlock-*` headers the surface sends before the body. */
  headers: Record<string, string>;
  result:
    | { type: 'generate'; response: GenerateResponse }
    | { type: 'stream'; events: AsyncIterable<StreamEvent> }
    | { type: 'embedding'; response: EmbeddingResponse }
    /** A local estimate (o200k tokenizer), never a destination's count. */
    | { type: 'count'; inputTokens: number };
}
