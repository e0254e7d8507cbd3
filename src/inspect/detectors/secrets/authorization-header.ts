import type { Detector, DetectorMatch } from '../../types.js';
import { looksLikeGeneratedSecret } from './value-heuristics.js';

/**
 * Credentials in HTTP authorization headers, as pasted from curl commands, logs and HTTP
 * traces: `Authorization: Bearer <token>`, `-H "Authorization: Basic <base64 user:pass>"`.
 * Code that builds such a header (`'Bearer ' + token`) has no literal token and is not matched.
 */

const BEARER = /(?<![A-Za-z0-9])bearer\s{1,4}([A-Za-z0-9._~+/\-]{20,2048}={0,2})(?![A-Za-z0-9._~+/=\-])/dgi;
const BASIC = /(?<![A-Za-z0-9])authorization["']?\s{0,4}[:=]\s{0,4}["']?basic\s{1,4}([A-Za-z0-9+/]{8,512}={0,2})(?![A-Za-z0-9+/=])/dgi;

function isBasicCredential(encoded: string): boolean {
  const decoded = Buffer.from(encoded, 'base64').toString('latin1');
  const colon = decoded.indexOf(':');
  if (colon < 1 || !/^[\x20-\x7e]+$/.test(decoded)) return false;
  const password = decoded.slice(colon + 1);
  return password.length >= 4 && !/^(?:pass(?:word)?|secret|x+|\*+)$/i.test(password);
}

export const authorizationHeaderDetector: Detector = {
  id: 'authorization_header',
  keywords: ['bearer', 'basic'],
  detect(text) {
    const matches: DetectorMatch[] = [];
    BEARER.lastIndex = 0;
    for (let match = BEARER.exec(text); match !== null; match = BEARER.exec(text)) {
      const span = match.indices?.[1];
      if (span === undefined || !looksLikeGeneratedSecret(match[1]!, 20)) continue;
      matches.push({ category: 'secret', type: 'bearer_token', start: span[0], end: span[1], confidence: 0.8 });
    }
    BASIC.lastIndex = 0;
    for (let match = BASIC.exec(text); match !== null; match = BASIC.exec(text)) {
      const span = match.indices?.[1];
      if (span === undefined || !isBasicCredential(match[1]!)) continue;
      matches.push({ category: 'secret', type: 'basic_auth_credentials', start: span[0], end: span[1], confidence: 0.85 });
    }
    return matches;
  },
};
