import { resolveChatWrapper, type ChatWrapper, type LlamaContext, type LlamaEmbeddingContext, type LlamaModel } from 'node-llama-cpp';
import type { DestinationConfig } from '../../config/schema.js';
import type { ProviderCapabilities } from '../types.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { supportsInfill } from './completion-prompt.js';
import { loadEmbeddedModel } from './load-embedded-model.js';
import { createSequencePool, type SequencePool } from './sequence-pool.js';
import { hasChatTemplate } from './template-chat-prompt.js';

type EmbeddedConfig = Extract<DestinationConfig, { kind: 'embedded' }>;

/** Everything a loaded embedded destination holds; created by start(), disposed by close(). */
export interface EmbeddedEngine {
  model: LlamaModel;
  context: LlamaContext;
  pool: SequencePool;
  /** The model's own chat template, when the GGUF file has one; otherwise the plain format is used. */
  chatWrapper: ChatWrapper | undefined;
  capabilities: ProviderCapabilities;
  modelPath: string;
  /** The embedding context, created on first use and kept. */
  getEmbeddingContext(): Promise<LlamaEmbeddingContext>;
  dispose(reason: unknown): Promise<void>;
}

export async function startEmbeddedEngine(id: string, config: EmbeddedConfig, configDir: string): Promise<EmbeddedEngine> {
  const { model, context, modelPath } = await loadEmbeddedModel(id, config, configDir);
  const sequences = Array.from({ length: context.totalSequences }, () => context.getSequence());
  const pool = createSequencePool(sequences);
  let embeddingContext: Promise<LlamaEmbeddingContext> | undefined;

  function getEmbeddingContext(): Promise<LlamaEmbeddingContext> {
    embeddingContext ??= model
      .createEmbeddingContext({ contextSize: config.contextSize, threads: config.threads })
      .catch((error: unknown) => {
        // Let a later request try again instead of caching the failure.
        embeddingContext = undefined;
        throw new AirlockError('UPSTREAM_ERROR', `Destination "${id}" could not create an embedding context.`, { cause: error });
      });
    return embeddingContext;
  }

  async function dispose(reason: unknown): Promise<void> {
    pool.rejectAll(reason);
    const pending = embeddingContext;
    embeddingContext = undefined;
    if (pending) await pending.then((embedding) => embedding.dispose()).catch(() => undefined);
    await context.dispose();
    await model.dispose();
  }

  return {
    model,
    context,
    pool,
    chatWrapper: hasChatTemplate(model) ? resolveChatWrapper(model) : undefined,
    capabilities: {
      chat: true,
      completion: true,
      fillInTheMiddle: supportsInfill(model),
      embeddings: model.embeddingVectorSize > 0,
      // Tool calling needs a model trained for it and a function-call grammar; the dispatcher
      // sends requests with tools to destinations that declare support.
      tools: false,
    },
    modelPath,
    getEmbeddingContext,
    dispose,
  };
}
