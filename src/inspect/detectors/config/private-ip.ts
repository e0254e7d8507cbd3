import type { Detector, DetectorMatch } from '../../types.js';
import { analyzeText, isDigitAt, matchNumberRuns } from '../text-analysis.js';

/**
 * Private network addresses name the inside of someone's network: RFC 1918 (10/8, 172.16/12,
 * 192.168/16), carrier-grade NAT (100.64/10) and IPv6 unique-local (fc00::/7). Any IP address is
 * also PII `ip_address` (the PII detectors); this is the infrastructure reading of the same text.
 */

const OCTET = String.raw`(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])`;
// Sticky: tried only at the digits of the shared analysis's number runs with four digits and three
// dots, where every dotted quad starts (the PII IP detector reads the same runs).
export const PRIVATE_IPV4 = new RegExp(
  String.raw`(?<![0-9.])(?:10\.${OCTET}|172\.(?:1[6-9]|2[0-9]|3[01])|192\.168|100\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7]))\.${OCTET}\.${OCTET}(?:/(?:3[0-2]|[12]?[0-9]))?(?![0-9]|\.[0-9])`,
  'y',
);
const IPV6_ULA = /(?<![0-9A-Fa-f:])f[cd][0-9a-f]{2}:(?:[0-9a-f]{0,4}:){1,6}[0-9a-f]{0,4}(?:\/\d{1,3})?(?![0-9A-Fa-f:])/gi;

/** Versions (`v10.0.0.1`), OIDs and dotted numbers inside longer sequences are not addresses. */
function isVersionLike(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 8), start);
  return /(?:[vV]|version\s?|@|[A-Za-z]-)$/.test(before);
}

export const privateIpDetector: Detector = {
  id: 'private_ip',
  keywords: ['10.', '172.', '192.168.', '100.', 'fc', 'fd'],
  detect(text, context) {
    const matches: DetectorMatch[] = [];
    for (const match of matchNumberRuns(analyzeText(text, context), PRIVATE_IPV4, 4, 3, isDigitAt)) {
      if (isVersionLike(text, match.index)) continue;
      matches.push({ category: 'config', type: 'private_ip', start: match.index, end: match.index + match[0].length, confidence: 0.85 });
    }
    IPV6_ULA.lastIndex = 0;
    for (let match = IPV6_ULA.exec(text); match !== null; match = IPV6_ULA.exec(text)) {
      // Need at least three groups so `fc00:` alone or a CSS colour list is not an address.
      if (match[0].split(':').length < 4) continue;
      matches.push({ category: 'config', type: 'private_ip', start: match.index, end: match.index + match[0].length, confidence: 0.8 });
    }
    return matches;
  },
};
