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

// IPv6 characters are checked by character code: code has a colon every few dozen characters
// (object literals, ternaries, minified `a:b`), and a regular expression test per character around
// each of them was most of this detector's time.
function isHexCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** `[0-9A-Fa-f:.]` */
function isIpv6TokenCode(code: number): boolean {
  return isHexCode(code) || code === 58 || code === 46;
}

/** `[\w.-]`, the characters of a zone index (`%eth0`). */
function isZoneCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 46 || code === 45
  );
}

/** `[.:-]`, stripped from the end of a token (`fe80::1.` at the end of a sentence). */
function isTrailingPunctuation(code: number): boolean {
  return code === 46 || code === 58 || code === 45;
}

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
  while (start > 0 && isIpv6TokenCode(text.charCodeAt(start - 1))) start--;
  let end = colon + 1;
  while (end < text.length && isIpv6TokenCode(text.charCodeAt(end))) end++;
  // A zone index (`fe80::1%eth0`) belongs to the address.
  if (text.charCodeAt(end) === 37) for (end++; end < text.length && isZoneCode(text.charCodeAt(end));) end++;
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

function countColons(text: string, start: number, end: number): number {
  let colons = 0;
  for (let index = start; index < end; index++) if (text.charCodeAt(index) === 58) colons++;
  return colons;
}

function findIpv6(text: string, matches: DetectorMatch[]): void {
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    // `a: b` (object literals, prose) is ruled out by one character look-ups before any work.
    const next = text.charCodeAt(colon + 1);
    if (next !== 58 && !isHexCode(next)) continue;
    const token = readIpv6Token(text, colon);
    colon = token.end;
    if (isWordCharAt(text, token.start - 1) || isWordCharAt(text, token.end)) continue;
    let end = token.end;
    while (end > token.start && isTrailingPunctuation(text.charCodeAt(end - 1))) end--;
    // An address has at least two colons: `a:b` (a minified object literal) is not sliced.
    if (countColons(text, token.start, end) < 2) continue;
    if (!isIpv6Address(text.slice(token.start, end))) continue;
    matches.push({ category: 'pii', type: 'ip_address', start: token.start, end, confidence: 0.8 });
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
