import { AirlockError } from '../../errors/airlock-error.js';
import type { Gateway } from '../../pipeline/gateway.js';
import type { ModelEntry } from '../../pipeline/model-catalog.js';
import { listVisibleModels } from '../../pipeline/visible-models.js';

/** A model in the shape of Anthropic's Models API (`GET /v1/models`). */
export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
}

export interface AnthropicModelPage {
  data: AnthropicModel[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/**
 * `GET /v1/models` is both OpenAI's and Anthropic's path; Anthropic's clients (its SDKs, Claude
 * Code) always send `anthropic-version`, OpenAI's never do, so the header picks the format.
 */
export function isAnthropicCaller(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['anthropic-version'] !== undefined;
}

/**
 * The models the caller may use, as Anthropic lists them, with its cursor pagination (`limit`
 * 1–1000, default 20; `after_id` / `before_id`), in configuration order.
 */
export function listAnthropicModels(gateway: Gateway, query: Record<string, unknown>): AnthropicModelPage {
  const models = listVisibleModels(gateway).map((entry) => describeAnthropicModel(gateway, entry));
  const limit = readLimit(query['limit']);
  const afterId = readId(query['after_id'], 'after_id');
  const beforeId = readId(query['before_id'], 'before_id');
  let start = 0;
  let end = models.length;
  if (afterId !== undefined) start = indexOf(models, afterId, 'after_id') + 1;
  if (beforeId !== undefined) end = indexOf(models, beforeId, 'before_id');
  // Going backwards (before_id alone), the page is the one just before the cursor.
  const backwards = beforeId !== undefined && afterId === undefined;
  const from = backwards ? Math.max(start, end - limit) : start;
  const to = backwards ? end : Math.min(end, start + limit);
  const data = models.slice(from, Math.max(from, to));
  return {
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: backwards ? from > start : to < end,
  };
}

export function describeAnthropicModel(gateway: Gateway, entry: ModelEntry): AnthropicModel {
  return { type: 'model', id: entry.name, display_name: entry.name, created_at: new Date(gateway.startedAt).toISOString() };
}

function readLimit(value: unknown): number {
  if (value === undefined) return 20;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new AirlockError('INVALID_REQUEST', 'limit must be an integer from 1 to 1000.', { param: 'limit' });
  }
  return limit;
}

function readId(value: unknown, param: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new AirlockError('INVALID_REQUEST', `${param} must be a model id.`, { param });
  return value;
}

function indexOf(models: readonly AnthropicModel[], id: string, param: string): number {
  const index = models.findIndex((model) => model.id === id);
  if (index === -1) throw new AirlockError('INVALID_REQUEST', `${param} names no listed model.`, { param });
  return index;
}
