import { isIPv6 } from 'node:net';
import type { DetectContext, Detector, DetectorMatch } from '../../types.js';
import { analyzeText, isDigitAt, matchNumberRuns, type TextAnalysis } from '../text-analysis.js';
import { isWordCharAt, readAfter, readBefore } from './context.js';

// A cheap shape first; octet ranges and boundaries are checked after. Sticky: tried only at the
// digits of the shared analysis's number runs with four digits and three dots, which hold every match.
export const IPV4_SHAPE = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/y;
const OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

// A dotted quad right after these is a version, not an address (`version 1.2.3.4`, `pkg@1.2.3.4`).
const VERSION_CONTEXT = /(?:version|ver\.?|release|v|@|\^|~|>=|<=)\s*[:=]?\s*["']?$/;
// Small dotted numbers are section numbers of specs (`22.1.3.29`) unless the text talks about hosts.
const ADDRESS_CONTEXT =
  /\b(?:ip|ips|ipv4|address|addr|host|hostname|server|client|remote|connect|ping|gateway|dns|proxy|route|subnet|nameserver|from|to)\b|:\/\/|\[/;

const IPV6_TOKEN_CHAR = /[0-9A-Fa-f:.]/;
const ZONE_CHAR = /[\w.-]/;

/** Loopback, unspecified and broadcast addresses and the documentation ranges (RFC 5737) belong to nobody. */
function isReservedIpv4(octets: readonly number[]): boolean {
  const [a = 0, b = 0, c = 0] = octets;
  if (a === 127 || a === 0 || octets.every((octet) => octet === 255)) return true;
  return (a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113);
}

function findIpv4(analysis: TextAnalysis, matches: DetectorMatch[]): void {
  const { text } = analysis;
  for (const match of matchNumberRuns(analysis, IPV4_SHAPE, 4, 3, isDigitAt)) {
    const start = match.index;
    const end = start + match[0].length;
    // Glued to a word character or another dotted number: a version, an OID, a longer number.
    if (isWordCharAt(text, start - 1) || text[start - 1] === '.' || isWordCharAt(text, end)) continue;
    if (text[end] === '.' && isWordCharAt(text, end + 1)) continue;
    const parts = match[0].split('.');
    if (!parts.every((part) => OCTET.test(part))) continue;
    const octets = parts.map(Number);
    if (isReservedIpv4(octets)) continue;
    const before = readBefore(text, start, 40);
    if (VERSION_CONTEXT.test(before.slice(-16))) continue;
    if (octets.every((octet) => octet < 32) && !ADDRESS_CONTEXT.test(before + readAfter(text, end, 3))) continue;
    matches.push({ category: 'pii', type: 'ip_address', start, end, confidence: 0.8 });
  }
}

/** Extends from a colon to the whole run of IPv6 characters around it. */
function readIpv6Token(text: string, colon: number): { start: number; end: number } {
  let start = colon;
  while (start > 0 && IPV6_TOKEN_CHAR.test(text[start - 1] ?? '')) start--;
  let end = colon + 1;
  while (end < text.length && IPV6_TOKEN_CHAR.test(text[end] ?? '')) end++;
  // A zone index (`fe80::1%eth0`) belongs to the address.
  if (text[end] === '%') for (end++; end < text.length && ZONE_CHAR.test(text[end] ?? '');) end++;
  return { start, end };
}

/** True for a token that is an IPv6 address someone could have (not `::`, `::1` or `a::b`). */
function isIpv6Address(token: string): boolean {
  const address = token.replace(/%[\w.-]*$/, ''); // zone index, e.g. fe80::1%eth0
  if (!isIPv6(address) || !/\d/.test(address)) return false;
  const groups = address.split(':').filter((group) => group.length > 0);
  if (groups.length < 2 || (groups.length === 2 && address.length < 7)) return false;
  return !/^::(?:ffff:)?(?:127\.|0\.)|^::1?$|^2001:0?db8:/i.test(address);
}

function findIpv6(text: string, matches: DetectorMatch[]): void {
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    // `a: b` (object literals, prose) is ruled out by one character look-ups before any work.
    const next = text[colon + 1] ?? '';
    if (next !== ':' && !/[0-9A-Fa-f]/.test(next)) continue;
    const token = readIpv6Token(text, colon);
    colon = token.end;
    const value = text.slice(token.start, token.end).replace(/[.:-]+$/, '');
    if (isWordCharAt(text, token.start - 1) || isWordCharAt(text, token.end)) continue;
    if (value.split(':').length < 3 || !isIpv6Address(value)) continue;
    matches.push({ category: 'pii', type: 'ip_address', start: token.start, end: token.start + value.length, confidence: 0.8 });
  }
}

/**
 * Finds IP addresses anyone could own: IPv4 (octets ≤ 255, not versions, OIDs or spec section numbers)
 * and IPv6 (validated by node:net), leaving out loopback, unspecified and documentation addresses.
 */
export const ipAddressDetector: Detector = {
  id: 'pii-ip-address',
  keywords: ['.', ':'],
  detect(text: string, context: DetectContext): DetectorMatch[] {
    const ipv4: DetectorMatch[] = [];
    const ipv6: DetectorMatch[] = [];
    findIpv4(analyzeText(text, context), ipv4);
    findIpv6(text, ipv6);
    // `::ffff:1.2.3.4` is one address: drop the IPv4 tail found inside an IPv6 match.
    const outside = ipv4.filter((match) => !ipv6.some((wide) => wide.start <= match.start && match.end <= wide.end));
    return [...outside, ...ipv6];
  },
};
