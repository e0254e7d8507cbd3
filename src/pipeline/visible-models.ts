import type { Gateway } from './gateway.js';
import type { ModelEntry } from './model-catalog.js';

/** The configured models a caller may use: those the policy approves. Every listing shows these. */
export function listVisibleModels(gateway: Pick<Gateway, 'catalog' | 'policy'>): ModelEntry[] {
  return gateway.catalog.list().filter((entry) => gateway.policy.isApproved(entry));
}
