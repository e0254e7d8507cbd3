import type { Detector, DetectorMatch } from '../../types.js';

/**
 * JSON Web Tokens: three base64url parts whose header decodes to a JSON object with `alg`.
 * Unsigned tokens (`alg: none`, empty signature) carry no credential and are skipped.
 */

const CANDIDATE = /(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,2000}\.eyJ[A-Za-z0-9_\-]{8,8000}\.[A-Za-z0-9_\-]{16,2000}(?![A-Za-z0-9_\-])/g;

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** jwt.io's published sample ("John Doe", sub 1234567890) appears in countless docs; it is not a credential. */
function isPublishedSample(payload: Record<string, unknown>): boolean {
  return payload['sub'] === '1234567890' && payload['name'] === 'John Doe';
}

export const jwtDetector: Detector = {
  id: 'jwt',
  keywords: ['eyj'],
  detect(text) {
    const matches: DetectorMatch[] = [];
    CANDIDATE.lastIndex = 0;
    for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
      const [header, payload] = match[0].split('.');
      const decodedHeader = decodeJson(header!);
      if (decodedHeader === null || typeof decodedHeader['alg'] !== 'string' || decodedHeader['alg'].toLowerCase() === 'none') continue;
      const decodedPayload = decodeJson(payload!);
      if (decodedPayload === null || isPublishedSample(decodedPayload)) continue;
      matches.push({ category: 'secret', type: 'jwt', start: match.index, end: match.index + match[0].length, confidence: 0.9 });
    }
    return matches;
  },
};
