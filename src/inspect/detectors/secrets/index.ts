import type { Detector } from '../../types.js';
import { aiRules } from './ai-rules.js';
import { authorizationHeaderDetector } from './authorization-header.js';
import { cloudRules } from './cloud-rules.js';
import { developerRules } from './developer-rules.js';
import { genericAssignmentDetector } from './generic-assignment.js';
import { jwtDetector } from './jwt.js';
import { privateKeyDetector, puttyKeyDetector } from './private-key.js';
import { saasRules } from './saas-rules.js';
import { keyValuePasswordDetector, urlCredentialsDetector } from './url-credentials.js';

/** Every secret detector (category `secret`), in a fixed order. */
export const secretDetectors: Detector[] = [
  ...cloudRules,
  ...developerRules,
  ...aiRules,
  ...saasRules,
  privateKeyDetector,
  puttyKeyDetector,
  jwtDetector,
  urlCredentialsDetector,
  keyValuePasswordDetector,
  authorizationHeaderDetector,
  genericAssignmentDetector,
];
