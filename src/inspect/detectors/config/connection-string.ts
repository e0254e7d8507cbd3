import type { Detector, DetectorMatch } from '../../types.js';
import { forEachUrl, isDatabaseScheme, isPlaceholderHost } from '../database-schemes.js';

/**
 * Database, cache and broker connection strings, with or without a password: they name the
 * organisation's infrastructure (`postgres://db-7.prod.acme.internal:5432/billing`). A password
 * inside is reported again as a `secret`. Local and example hosts name nobody's infrastructure.
 */

const AUTHORITY = /(?:[^\s@/"'<>\x60]{1,256}@)?([A-Za-z0-9.\-_\[\]:,%]{1,256})(?:\/[^\s"'<>\x60)]{0,256})?/dy;
const HAS_ADO_NET = /(?:server|data source|host)\s{0,3}=/i;
const ADO_NET =
  /(?<![A-Za-z0-9])(?:Server|Data Source|Host)\s{0,3}=\s{0,3}([^;"'\r\n]{1,128});[^"'\r\n]{0,400}?(?:Database|Initial Catalog)\s{0,3}=[^;"'\r\n]{1,128};?/dgi;

function push(matches: DetectorMatch[], host: string, start: number, end: number): void {
  const first = host.split(',')[0]!.replace(/^tcp:/i, '');
  if (first === '' || isPlaceholderHost(first)) return;
  matches.push({ category: 'config', type: 'connection_string', start, end, confidence: 0.85 });
}

export const connectionStringDetector: Detector = {
  id: 'connection_string',
  keywords: ['://'],
  detect(text) {
    const matches: DetectorMatch[] = [];
    forEachUrl(text, (schemeStart, scheme, authorityStart) => {
      if (!isDatabaseScheme(scheme)) return;
      AUTHORITY.lastIndex = authorityStart;
      const authority = AUTHORITY.exec(text);
      if (authority !== null) push(matches, authority[1]!, schemeStart, authorityStart + authority[0].length);
    });
    return matches;
  },
};

/** ADO.NET / ODBC key-value connection strings: `Server=…;Database=…;`. */
export const keyValueConnectionStringDetector: Detector = {
  id: 'connection_string_keyvalue',
  keywords: ['initial catalog', 'database'],
  detect(text) {
    const matches: DetectorMatch[] = [];
    if (!HAS_ADO_NET.test(text)) return matches;
    ADO_NET.lastIndex = 0;
    for (let match = ADO_NET.exec(text); match !== null; match = ADO_NET.exec(text))
      push(matches, match[1]!, match.index, match.index + match[0].length);
    return matches;
  },
};
