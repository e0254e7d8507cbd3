import type { Gateway } from '../../pipeline/gateway.js';
import { listVisibleModels } from '../../pipeline/visible-models.js';

export interface OpenAIModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** Models the caller may use (approved by the policy), named as configured; `owned_by` is the destination. */
export function listOpenAIModels(gateway: Gateway): { object: 'list'; data: OpenAIModel[] } {
  const created = Math.floor(gateway.startedAt / 1000);
  return {
    object: 'list',
    data: listVisibleModels(gateway).map((model) => ({ id: model.name, object: 'model', created, owned_by: model.destination })),
  };
}
