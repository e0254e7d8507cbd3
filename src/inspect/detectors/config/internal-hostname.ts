import type { Detector, DetectorMatch } from '../../types.js';

/**
 * Hosts under the organisation's internal domains (`inspect.internalDomains`): `jenkins.corp.acme.com`
 * names an internal service. The domains are the keywords, so the rule costs nothing on text that
 * does not mention them.
 */
export function createInternalHostnameDetector(domains: readonly string[]): Detector | null {
  if (domains.length === 0) return null;
  const escaped = domains.map((domain) => domain.toLowerCase().replace(/[.\-]/g, '\\$&'));
  const pattern = new RegExp(
    String.raw`(?<![A-Za-z0-9.\-])(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.){0,8}(?:${escaped.join('|')})(?![A-Za-z0-9\-]|\.[A-Za-z0-9])`,
    'gi',
  );
  return {
    id: 'internal_hostname',
    keywords: domains.map((domain) => domain.toLowerCase()),
    detect(text) {
      const matches: DetectorMatch[] = [];
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        matches.push({
          category: 'config',
          type: 'internal_hostname',
          start: match.index,
          end: match.index + match[0].length,
          confidence: 0.9,
        });
      }
      return matches;
    },
  };
}
