import type { Detector } from '../../types.js';

/** Every prompt-injection detector (category `injection`), in a fixed order. */
export const injectionDetectors: Detector[] = [];
