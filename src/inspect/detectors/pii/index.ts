import type { Detector } from '../../types.js';
import { creditCardDetector } from './credit-card.js';
import { emailDetector } from './email.js';
import { ibanDetector } from './iban.js';
import { ipAddressDetector } from './ip-address.js';
import { phoneDetector } from './phone.js';
import { usSsnDetector } from './us-ssn.js';

/** Every PII detector (category `pii`), in a fixed order. */
export const piiDetectors: Detector[] = [
  emailDetector,
  phoneDetector,
  creditCardDetector,
  ibanDetector,
  usSsnDetector,
  ipAddressDetector,
];
