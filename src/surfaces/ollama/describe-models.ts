import { createHash } from 'node:crypto';
import { listVisibleModels } from '../../pipeline/visible-models.js';
import { statSync } from 'node:fs';
import path from 'node:path';
import { AirlockError } from '../../errors/airlock-error.js';
import type { Gateway } from '../../pipeline/gateway.js';
import type { ModelEntry } from '../../pipeline/model-catalog.js';

/**
 * Ollama's model listings (`/api/tags`, `/api/show`, `/api/ps`) built from Airlock's config.
 * Ollama describes files it holds; Airlock describes configured routes, so the details are
 * derived where they can be (the GGUF size of an embedded model, a family and size read from the
 * upstream name) and left empty where nothing is known. Only models the policy approves appear.
 */

export interface OllamaModelDetails {
  parent_model: string;
  format: string;
  family: string;
  families: string[];
  parameter_size: string;
  quantization_level: string;
}

export interface OllamaModelSummary {
  name: string;
  model: string;
  modified_at: string;
  size: number;
  digest: string;
  details: OllamaModelDetails;
}

/** The models the caller may use, in configuration order. */

/** A visible model by name or alias (Ollama's implicit `:latest` tolerated), or MODEL_NOT_FOUND. */
export function findVisibleModel(gateway: Gateway, name: string): ModelEntry {
  const entry = gateway.catalog.resolve(normalizeModelName(gateway, name));
  if (gateway.policy.isApproved(entry)) return entry;
  throw new AirlockError('MODEL_NOT_FOUND', `The model "${name.slice(0, 100)}" is not available.`, { param: 'model' });
}

/**
 * Ollama clients add `:latest` to untagged names; a configured `gpt-4o` answers `gpt-4o:latest`.
 * Unknown names are returned unchanged, so the pipeline reports MODEL_NOT_FOUND with the list.
 */
export function normalizeModelName(gateway: Gateway, name: string): string {
  if (gateway.catalog.find(name) || !name.endsWith(':latest')) return name;
  const base = name.slice(0, -':latest'.length);
  return gateway.catalog.find(base) ? base : name;
}

export function describeModel(gateway: Gateway, entry: ModelEntry): OllamaModelSummary {
  const upstream = entry.upstream;
  return {
    name: entry.name,
    model: entry.name,
    modified_at: new Date(gateway.startedAt).toISOString(),
    size: readModelSize(gateway, entry),
    digest: createHash('sha256').update(`${entry.destination}/${upstream}`).digest('hex'),
    details: describeDetails(gateway, entry),
  };
}

function describeDetails(gateway: Gateway, entry: ModelEntry): OllamaModelDetails {
  const kind = gateway.loaded.config.destinations[entry.destination]?.kind;
  const family = /^[a-z]+/i.exec(entry.upstream)?.[0]?.toLowerCase() ?? '';
  const size = /(?<![\d.])(\d+(?:\.\d+)?)([bmk])(?![a-z0-9])/i.exec(entry.upstream);
  const quantization = /(?:^|[^a-z0-9])(q\d(?:_[a-z0-9]+)*|bf16|fp16|f16)(?![a-z0-9])/i.exec(entry.upstream);
  return {
    parent_model: '',
    format: kind === 'embedded' || kind === 'ollama' ? 'gguf' : '',
    family,
    families: family === '' ? [] : [family],
    parameter_size: size ? `${size[1]}${(size[2] ?? '').toUpperCase()}` : '',
    quantization_level: quantization?.[1]?.toUpperCase() ?? '',
  };
}

/** The GGUF file's size for an embedded model; 0 when Airlock holds no file (remote destinations). */
function readModelSize(gateway: Gateway, entry: ModelEntry): number {
  const destination = gateway.loaded.config.destinations[entry.destination];
  if (destination?.kind !== 'embedded') return 0;
  try {
    return statSync(path.resolve(gateway.loaded.configDir, destination.modelPath)).size;
  } catch {
    return 0;
  }
}

/** `/api/show`: details, capabilities (what clients such as Continue check) and the context length. */
export function showModel(gateway: Gateway, entry: ModelEntry): Record<string, unknown> {
  const summary = describeModel(gateway, entry);
  const family = summary.details.family || 'unknown';
  const contextLength = readContextLength(gateway, entry);
  const modelInfo: Record<string, unknown> = { 'general.architecture': family, 'general.basename': entry.upstream };
  if (contextLength !== undefined) modelInfo[`${family}.context_length`] = contextLength;
  return {
    license: '',
    modelfile: `# Served by Airlock from destination "${entry.destination}"; models are managed in Airlock's config.\nFROM ${entry.upstream}\n`,
    parameters: '',
    template: '',
    details: summary.details,
    model_info: modelInfo,
    capabilities: listCapabilities(gateway, entry),
    modified_at: summary.modified_at,
  };
}

function listCapabilities(gateway: Gateway, entry: ModelEntry): string[] {
  if (entry.kind === 'embedding') return ['embedding'];
  const capabilities = gateway.providers.get(entry.destination)?.capabilities;
  const list = ['completion'];
  if (capabilities?.tools) list.push('tools');
  if (capabilities?.fillInTheMiddle) list.push('insert');
  return list;
}

function readContextLength(gateway: Gateway, entry: ModelEntry): number | undefined {
  const configured = gateway.loaded.config.models[entry.name]?.contextWindow;
  if (configured !== undefined) return configured;
  const destination = gateway.loaded.config.destinations[entry.destination];
  return destination?.kind === 'embedded' ? destination.contextSize : undefined;
}

/**
 * `/api/ps`: the models held in this process's memory, i.e. embedded models that are loaded.
 * They stay loaded while the gateway runs, so `expires_at` is far in the future.
 */
export function listRunningModels(gateway: Gateway): Record<string, unknown>[] {
  return listVisibleModels(gateway)
    .filter((entry) => gateway.loaded.config.destinations[entry.destination]?.kind === 'embedded')
    .filter((entry) => gateway.providers.get(entry.destination)?.isReady() === true)
    .map((entry) => {
      const summary = describeModel(gateway, entry);
      const destination = gateway.loaded.config.destinations[entry.destination];
      const onGpu = destination?.kind === 'embedded' && destination.gpu;
      return { ...summary, expires_at: '2318-01-01T00:00:00Z', size_vram: onGpu ? summary.size : 0 };
    });
}
