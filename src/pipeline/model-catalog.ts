import type { Config } from '../config/schema.js';
import { AirlockError } from '../errors/airlock-error.js';

export interface ModelEntry {
  /** The configured name clients use. */
  name: string;
  destination: string;
  /** The name the destination knows. */
  upstream: string;
  aliases: readonly string[];
  fallbacks: readonly string[];
  kind: 'chat' | 'embedding';
}

export interface ModelCatalog {
  /** Resolves a name or alias; unknown names throw MODEL_NOT_FOUND listing what exists. */
  resolve(name: string): ModelEntry;
  find(name: string): ModelEntry | undefined;
  list(): readonly ModelEntry[];
}

export function createModelCatalog(config: Pick<Config, 'models'>): ModelCatalog {
  const entries: ModelEntry[] = Object.entries(config.models).map(([name, model]) => ({
    name,
    destination: model.destination,
    upstream: model.upstream ?? name,
    aliases: model.aliases,
    fallbacks: model.fallbacks,
    kind: model.kind,
  }));
  const byLabel = new Map<string, ModelEntry>();
  for (const entry of entries) {
    byLabel.set(entry.name, entry);
    for (const alias of entry.aliases) byLabel.set(alias, entry);
  }
  return {
    find: (name) => byLabel.get(name),
    resolve(name) {
      const entry = byLabel.get(name);
      if (entry) return entry;
      const available = entries.map((candidate) => candidate.name).join(', ');
      throw new AirlockError('MODEL_NOT_FOUND', `The model "${truncate(name)}" does not exist. Available models: ${available}.`, {
        param: 'model',
      });
    },
    list: () => entries,
  };
}

function truncate(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
