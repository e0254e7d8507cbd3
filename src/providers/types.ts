import type {
  ChatRequest,
  CompletionRequest,
  EmbeddingRequest,
  EmbeddingResponse,
  GenerateResponse,
  StreamEvent,
} from '../canonical/types.js';
import type { Retention, Tier } from '../config/schema.js';

export interface ProviderCapabilities {
  chat: boolean;
  /** Plain text completion (`/v1/completions`). */
  completion: boolean;
  /** Completion with a suffix (fill-in-the-middle). */
  fillInTheMiddle: boolean;
  embeddings: boolean;
  tools: boolean;
}

export interface CallOptions {
  /** Aborted when the client goes away or the gateway gives up; the provider must stop work. */
  signal: AbortSignal;
  requestId: string;
}

/**
 * A destination adapter. Requests arrive with `model` already set to the upstream model name.
 * Failures are thrown as AirlockError with `isRetryable` set; retries and fallbacks are the
 * dispatcher's job, never the provider's, so the policy can restrict where they go.
 */
export interface Provider {
  /** The destination name from the config. */
  readonly id: string;
  readonly kind: string;
  readonly tier: Tier;
  readonly retention: Retention;
  readonly capabilities: ProviderCapabilities;
  chat(request: ChatRequest, options: CallOptions): Promise<GenerateResponse>;
  /** Streams deltas then one `finish` event; errors are thrown from the iterator. */
  chatStream(request: ChatRequest, options: CallOptions): AsyncIterable<StreamEvent>;
  complete?(request: CompletionRequest, options: CallOptions): Promise<GenerateResponse>;
  completeStream?(request: CompletionRequest, options: CallOptions): AsyncIterable<StreamEvent>;
  embed?(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResponse>;
  /** Loads models or checks reachability; `isReady()` turns true when done. */
  start?(): Promise<void>;
  isReady(): boolean;
  close(): Promise<void>;
}
