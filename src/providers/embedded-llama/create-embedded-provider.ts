import type {
  ChatRequest,
  CompletionRequest,
  EmbeddingRequest,
  EmbeddingResponse,
  GenerateResponse,
  StreamEvent,
} from '../../canonical/types.js';
import type { DestinationConfig } from '../../config/schema.js';
import type { ProviderContext } from '../registry.js';
import type { CallOptions, Provider, ProviderCapabilities } from '../types.js';
import type { GenerationPrompt } from './generation-prompt.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { collectGeneration } from './collect-generation.js';
import type { EmbeddedEngine } from './embedded-engine.js';

type EmbeddedConfig = Extract<DestinationConfig, { kind: 'embedded' }>;
type EmbeddedRuntime = typeof import('./embedded-runtime.js');

/** What the destination can do before its model is loaded; the loaded model refines it. */
const unloadedCapabilities: ProviderCapabilities = {
  chat: true,
  completion: true,
  fillInTheMiddle: false,
  embeddings: false,
  tools: false,
};

/**
 * The in-process llama.cpp destination (node-llama-cpp). `start()` loads the GGUF model and one
 * context with `maxConcurrent` sequences; every request then runs on a pooled sequence, so there
 * is no per-request load. Data never leaves the process.
 */
export function createEmbeddedProvider(id: string, config: EmbeddedConfig, context: ProviderContext): Provider {
  let engine: EmbeddedEngine | undefined;
  // Loaded by start(): every function below runs only once the engine exists.
  let runtime!: EmbeddedRuntime;
  let starting: Promise<void> | undefined;
  let closed = false;

  function requireEngine(): EmbeddedEngine {
    if (closed) throw new AirlockError('SHUTTING_DOWN', `Destination "${id}" is closed.`, { isRetryable: true });
    if (!engine) {
      throw new AirlockError('DESTINATION_NOT_READY', `Destination "${id}" has not loaded its model yet.`, { isRetryable: true });
    }
    return engine;
  }

  async function load(): Promise<void> {
    runtime = await import('./embedded-runtime.js');
    const loaded = await runtime.startEmbeddedEngine(id, config, context.configDir);
    if (closed) {
      await loaded.dispose(new AirlockError('SHUTTING_DOWN', `Destination "${id}" is closed.`));
      return;
    }
    engine = loaded;
    context.logger.info({ destination: id, modelPath: loaded.modelPath, capabilities: loaded.capabilities }, 'embedded model loaded');
  }

  async function* generate(
    loaded: EmbeddedEngine,
    prompt: GenerationPrompt,
    request: ChatRequest | CompletionRequest,
    options: CallOptions,
  ): AsyncGenerator<StreamEvent> {
    const contextSize = loaded.context.contextSize;
    if (prompt.tokens.length >= contextSize) {
      throw new AirlockError('INVALID_REQUEST', `The prompt is ${prompt.tokens.length} tokens; this model's context holds ${contextSize}.`);
    }
    yield* runtime.streamGeneration({
      destination: id,
      model: loaded.model,
      pool: loaded.pool,
      prompt,
      options: request,
      modelName: request.model,
      signal: options.signal,
    });
  }

  async function* chatStream(request: ChatRequest, options: CallOptions): AsyncGenerator<StreamEvent> {
    const loaded = requireEngine();
    assertChatSupported(request);
    const stop = request.stop ?? [];
    const prompt = loaded.chatWrapper
      ? runtime.buildTemplateChatPrompt(loaded.model, loaded.chatWrapper, request.messages, stop)
      : runtime.buildPlainChatPrompt(loaded.model, request.messages, stop);
    yield* generate(loaded, prompt, request, options);
  }

  async function* completeStream(request: CompletionRequest, options: CallOptions): AsyncGenerator<StreamEvent> {
    const loaded = requireEngine();
    if (request.echo) {
      throw new AirlockError('CAPABILITY_UNSUPPORTED', 'The embedded model does not echo the prompt.', { param: 'echo' });
    }
    const prompt = runtime.buildCompletionPrompt(loaded.model, request.prompt, request.suffix, request.stop ?? []);
    yield* generate(loaded, prompt, request, options);
  }

  async function embed(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResponse> {
    const loaded = requireEngine();
    if (!loaded.capabilities.embeddings) {
      throw new AirlockError('CAPABILITY_UNSUPPORTED', 'This embedded model does not produce embeddings.');
    }
    const embeddingContext = await loaded.getEmbeddingContext();
    return runtime.embedTexts({ model: loaded.model, embeddingContext, contextSize: config.contextSize, request, signal: options.signal });
  }

  return {
    id,
    kind: 'embedded',
    tier: config.tier,
    retention: config.retention,
    get capabilities() {
      return engine?.capabilities ?? unloadedCapabilities;
    },
    chat: (request, options): Promise<GenerateResponse> => collectGeneration(chatStream(request, options), request.model),
    chatStream,
    complete: (request, options): Promise<GenerateResponse> => collectGeneration(completeStream(request, options), request.model),
    completeStream,
    embed,
    start(): Promise<void> {
      starting ??= load().catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return starting;
    },
    isReady: () => engine !== undefined && !closed,
    async close(): Promise<void> {
      closed = true;
      await starting?.catch(() => undefined);
      const loaded = engine;
      engine = undefined;
      await loaded?.dispose(new AirlockError('SHUTTING_DOWN', `Destination "${id}" is closed.`, { isRetryable: true }));
    },
  };
}

/** Tools and structured output need support this destination does not declare; refuse them clearly. */
function assertChatSupported(request: ChatRequest): void {
  if (request.tools && request.tools.length > 0 && request.toolChoice !== 'none') {
    throw new AirlockError('CAPABILITY_UNSUPPORTED', 'The embedded model does not support tool calls.', { param: 'tools' });
  }
  if (request.responseFormat && request.responseFormat.type !== 'text') {
    throw new AirlockError('CAPABILITY_UNSUPPORTED', 'The embedded model does not support structured output.', {
      param: 'response_format',
    });
  }
}
