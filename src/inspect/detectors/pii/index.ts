import type { Detector } from '../../types.js';
import { creditCardDetector } from './credit-card.js';
import { dateOfBirthDetector } from './date-of-birth.js';
import { emailDetector } from './email.js';
import { ibanDetector } from './iban.js';
import { ipAddressDetector } from './ip-address.js';
import { personNameDetector } from './person-name.js';
import { phoneDetector } from './phone.js';
import { streetAddressDetector } from './street-address.js';
import { usSsnDetector } from './us-ssn.js';

/** Every PII detector (category `pii`), in a fixed order. */
export const piiDetectors: Detector[] = [
  emailDetector,
  phoneDetector,
  creditCardDetector,
  ibanDetector,
  usSsnDetector,
  ipAddressDetector,
  // Shipped because each reached precision ≥ 0.7 on the corpus and stays quiet on code; their
  // recall is low (they need an introducer or an English street type). See docs/evaluation.md.
  personNameDetector,
  streetAddressDetector,
  dateOfBirthDetector,
];
