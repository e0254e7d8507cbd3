import type { Detector } from '../../types.js';

/** Every PII detector (category `pii`), in a fixed order. */
export const piiDetectors: Detector[] = [];
