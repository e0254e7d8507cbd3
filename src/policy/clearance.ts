import type { DestinationConfig } from '../config/schema.js';
import { CLASSIFICATIONS, type Classification } from '../inspect/types.js';

/**
 * A destination's clearance unless the policy says otherwise: local models may see anything;
 * an enterprise API under a zero-retention contract may see confidential data; one that keeps
 * data for days, internal data; a consumer endpoint, only public data.
 */
export function defaultClearance(destination: Pick<DestinationConfig, 'tier' | 'retention'>): Classification {
  if (destination.tier === 'local') return 'restricted';
  if (destination.tier === 'enterprise') return destination.retention === 'zero' ? 'confidential' : 'internal';
  return 'public';
}

export function isCleared(clearance: Classification, classification: Classification): boolean {
  return CLASSIFICATIONS.indexOf(classification) <= CLASSIFICATIONS.indexOf(clearance);
}
