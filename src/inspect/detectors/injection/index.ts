import type { Detector } from '../../types.js';
import { instructionDetectors } from './instruction-detectors.js';
import { invisibleUnicodeDetector } from './invisible-unicode.js';
import { jailbreakClassifierDetector } from './jailbreak-classifier.js';
import { markdownExfiltrationDetector } from './markdown-exfiltration.js';

/** Every prompt-injection detector (category `injection`), in a fixed order. */
export const injectionDetectors: Detector[] = [
  ...instructionDetectors,
  invisibleUnicodeDetector,
  markdownExfiltrationDetector,
  jailbreakClassifierDetector,
];
