import { AirlockError } from '../../errors/airlock-error.js';

/**
 * Ollama takes image bytes as base64, never a URL. A data: URL is unpacked here; any other URL
 * is refused: the gateway does not fetch remote content on a client's behalf.
 */
export function convertImageUrl(url: string, path: string): string {
  const match = /^data:([^,]*?),(.*)$/s.exec(url);
  if (!match) {
    throw new AirlockError('CAPABILITY_UNSUPPORTED', 'Ollama destinations accept images only as data: URLs.', { param: path });
  }
  const [, header = '', payload = ''] = match;
  if (header.split(';').includes('base64')) return payload.replace(/\s+/g, '');
  try {
    return Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64');
  } catch {
    throw new AirlockError('INVALID_REQUEST', 'An image data: URL is not correctly percent-encoded.', { param: path });
  }
}
