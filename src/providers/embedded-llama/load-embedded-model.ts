import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { LlamaContext, LlamaModel } from 'node-llama-cpp';
import type { DestinationConfig } from '../../config/schema.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { loadLlama } from './load-llama.js';

type EmbeddedConfig = Extract<DestinationConfig, { kind: 'embedded' }>;

export interface LoadedModel {
  model: LlamaModel;
  context: LlamaContext;
  /** The absolute path that was loaded. */
  modelPath: string;
}

/** Resolves `modelPath` against the config file's directory when it is relative. */
export function resolveModelPath(modelPath: string, configDir: string): string {
  return isAbsolute(modelPath) ? modelPath : resolve(configDir, modelPath);
}

/**
 * Loads the GGUF file and creates one generation context with `maxConcurrent` sequences.
 * Failures name the path (configuration, not a secret) so an operator can fix it.
 */
export async function loadEmbeddedModel(id: string, config: EmbeddedConfig, configDir: string): Promise<LoadedModel> {
  const modelPath = resolveModelPath(config.modelPath, configDir);
  await assertModelFile(id, modelPath);
  const llama = await loadLlama(config.gpu);
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath });
  } catch (error) {
    throw new AirlockError('DESTINATION_NOT_READY', `Destination "${id}": "${modelPath}" is not a loadable GGUF model.`, {
      cause: error,
    });
  }
  try {
    const context = await model.createContext({
      contextSize: config.contextSize,
      threads: config.threads,
      sequences: config.maxConcurrent,
    });
    return { model, context, modelPath };
  } catch (error) {
    await model.dispose();
    throw new AirlockError(
      'DESTINATION_NOT_READY',
      `Destination "${id}": could not create a ${config.contextSize}-token context for "${modelPath}".`,
      { cause: error },
    );
  }
}

async function assertModelFile(id: string, modelPath: string): Promise<void> {
  try {
    const info = await stat(modelPath);
    if (!info.isFile()) throw new Error('not a regular file');
  } catch (error) {
    throw new AirlockError('DESTINATION_NOT_READY', `Destination "${id}": model file "${modelPath}" does not exist or is not a file.`, {
      cause: error,
    });
  }
}
