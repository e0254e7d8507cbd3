import type { InspectConfig } from '../../../config/inspect-schema.js';
import type { Detector } from '../../types.js';
import { confidentialityMarkingDetector, createProprietaryDetectors } from './proprietary-markers.js';
import { sourceCodeDetector } from './source-code.js';

/** Proprietary-code detectors (category `code`): the configured markers, markings, and the source-code signal. */
export function createCodeDetectors(config: InspectConfig): Detector[] {
  return [...createProprietaryDetectors(config.proprietary), confidentialityMarkingDetector, sourceCodeDetector];
}
