import type { InspectConfig } from '../../config/inspect-schema.js';
import type { Detector } from '../types.js';
import { createCodeDetectors } from './code/index.js';
import { createConfigDetectors } from './config/index.js';
import { injectionDetectors } from './injection/index.js';
import { piiDetectors } from './pii/index.js';
import { secretDetectors } from './secrets/index.js';

/**
 * The one registry of detectors. Static families are lists; the families that depend on the
 * organisation's configuration (internal domains, proprietary markers) are built from it. Ids
 * are unique: `inspect.disabledDetectors` names them.
 */
export function createDetectors(config: InspectConfig): Detector[] {
  const detectors = [
    ...secretDetectors,
    ...piiDetectors,
    ...createConfigDetectors(config),
    ...createCodeDetectors(config),
    ...injectionDetectors,
  ];
  const seen = new Set<string>();
  for (const detector of detectors) {
    if (seen.has(detector.id)) throw new Error(`Two detectors share the id "${detector.id}".`);
    seen.add(detector.id);
  }
  return detectors;
}
