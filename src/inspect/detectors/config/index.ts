import type { InspectConfig } from '../../../config/inspect-schema.js';
import type { Detector } from '../../types.js';
import { cloudIdentifierDetectors } from './cloud-identifiers.js';
import { awsCredentialsFileDetector, envBlockDetector, kubeconfigDetector } from './config-blocks.js';
import { connectionStringDetector, keyValueConnectionStringDetector } from './connection-string.js';
import { createInternalHostnameDetector } from './internal-hostname.js';
import { privateIpDetector } from './private-ip.js';

/** Customer configuration and infrastructure detectors (category `config`). */
export function createConfigDetectors(config: InspectConfig): Detector[] {
  const internalHostname = createInternalHostnameDetector(config.internalDomains);
  return [
    connectionStringDetector,
    keyValueConnectionStringDetector,
    envBlockDetector,
    kubeconfigDetector,
    awsCredentialsFileDetector,
    privateIpDetector,
    ...cloudIdentifierDetectors,
    ...(internalHostname === null ? [] : [internalHostname]),
  ];
}
