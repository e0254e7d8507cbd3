/**
 * The canonical shapes every stage of the pipeline works on. Surfaces convert their wire format
 * to and from these; providers convert these to and from their upstream format. Nothing in
 * between knows a wire format.
 */

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface TextPart {
  type: 'text';
  text: string;
}

/** Images travel as references (a URL or a data: URL); their bytes are never inspected as text. */
export interface ImagePart {
  type: 'image';
  url: string;
  detail?: 'auto' | 'low' | 'high';
}

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /** Arguments as the JSON text the model produced (it may not be valid JSON). */
  arguments: string;
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** The tool's output as text; structured results are serialised by the surface. */
  content: string;
  isError?: boolean;
}

export type ContentPart = TextPart | ImagePart | ToolCallPart | ToolResultPart;

export interface Message {
  role: Role;
  content: ContentPart[];
  /** OpenAI's optional participant name. */
  name?: string;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
  strict?: boolean;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

/** Sampling and length options shared by chat and completion requests. */
export interface GenerationOptions {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
}

export interface ChatRequest extends GenerationOptions {
  /** The model the client asked for (a configured name or alias, or `auto`). */
  model: string;
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** End-user identifier the client passed (OpenAI `user`). */
  user?: string;
}

/** A plain text completion; `suffix` turns it into fill-in-the-middle (editor autocomplete). */
export interface CompletionRequest extends GenerationOptions {
  model: string;
  prompt: string;
  suffix?: string;
  echo?: boolean;
  user?: string;
}

export interface EmbeddingRequest {
  model: string;
  input: string[];
  dimensions?: number;
  user?: string;
}

export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** True when the provider reported no usage and the numbers were estimated. */
  estimated?: boolean;
}

export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A finished generation: chat or completion. */
export interface GenerateResponse {
  /** The upstream model that answered. */
  model: string;
  text: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  /** The client's stop sequence that ended the generation, when the destination says which. */
  stopSequence?: string;
  usage?: Usage;
}

export interface EmbeddingResponse {
  model: string;
  embeddings: number[][];
  usage?: Usage;
}

/**
 * Stream events, named noun-then-verb. A stream is a sequence of deltas followed by exactly
 * one `finish`; a failure is thrown from the iterator and the surface turns it into its own
 * error event.
 */
export type StreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call-start'; index: number; id: string; name: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'finish'; finishReason: FinishReason; usage?: Usage; model?: string; stopSequence?: string };

export type Surface = 'openai' | 'anthropic' | 'ollama' | 'openai-responses';
