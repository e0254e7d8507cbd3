import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { createZstdDecompressor } from './create-zstd-decompressor.js';
import { AirlockError } from '../errors/airlock-error.js';

/**
 * Content encodings the gateway can open. A body it cannot decompress is a body it cannot
 * inspect, so anything else is refused rather than passed through.
 */
const DECOMPRESSORS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
  zstd: () => createZstdDecompressor(),
};

/**
 * Returns the payload stream to parse: the raw one, or a decompressing one. The body limit is
 * applied by the server to the bytes this stream yields, i.e. after decompression, which is
 * what stops a compression bomb.
 */
export function decompressBody(encodingHeader: string | undefined, payload: Readable): Readable {
  if (encodingHeader === undefined) return payload;
  const encoding = encodingHeader.trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return payload;
  const create = DECOMPRESSORS[encoding];
  if (!create) {
    throw new AirlockError(
      'BODY_UNINSPECTABLE',
      `Content-Encoding "${encoding.slice(0, 40)}" is not supported (use ${Object.keys(DECOMPRESSORS).join(', ')} or none).`,
    );
  }
  const decompressor = create() as Transform & { receivedEncodedLength?: number };
  // Fastify compares content-length with the bytes received on the wire, which it reads from here.
  decompressor.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    decompressor.receivedEncodedLength = (decompressor.receivedEncodedLength ?? 0) + chunk.length;
  });
  payload.on('error', (error) => decompressor.destroy(error));
  return payload.pipe(decompressor);
}
