import { AirlockError } from '../errors/airlock-error.js';
import type { Gateway } from './gateway.js';
import type { ModelEntry } from './model-catalog.js';
import type { Operation } from './operation.js';

/** OpenAI keeps stored completions and responses for 30 days. */
const PROVIDER_STORAGE_DAYS = 30;

/**
 * Zero retention, enforced: a request that asks the provider to keep data (OpenAI `store: true`,
 * a Responses `previous_response_id` or `background` run) may only go to destinations whose
 * declared retention covers it.
 */
export function checkRetention(
  gateway: Gateway,
  operation: Operation,
  candidates: readonly ModelEntry[],
  headers: Record<string, string>,
): void {
  const storage = operation.kind === 'embedding' || operation.kind === 'count-tokens' ? undefined : operation.storage;
  if (!storage) return;
  for (const model of candidates) {
    const retention = gateway.loaded.config.destinations[model.destination]?.retention;
    const tier = gateway.loaded.config.destinations[model.destination]?.tier;
    if (tier === 'local') continue;
    if (retention === 'zero' || (typeof retention === 'number' && retention < PROVIDER_STORAGE_DAYS)) {
      throw new AirlockError(
        'RETENTION_VIOLATION',
        `${storage.feature} asks the provider to keep data, but destination "${model.destination}" is declared ${retention === 'zero' ? 'zero-retention' : `${retention}-day retention`}.`,
        { headers, param: storage.param },
      );
    }
  }
}
