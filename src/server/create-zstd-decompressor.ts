import { Transform } from 'node:stream';
import { Decompress } from 'fzstd';
import { AirlockError } from '../errors/airlock-error.js';

/**
 * A streaming zstd decoder (Codex sends zstd bodies; Node 20's zlib has no zstd). fzstd is pure
 * JavaScript, so nothing native is built or downloaded at install.
 */
export function createZstdDecompressor(): Transform {
  const decoder = new Decompress();
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        decoder.push(chunk);
        callback();
      } catch (error) {
        callback(convert(error));
      }
    },
    flush(callback) {
      try {
        decoder.push(new Uint8Array(0), true);
        callback();
      } catch (error) {
        callback(convert(error));
      }
    },
  });
  decoder.ondata = (data) => {
    transform.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  };
  return transform;
}

function convert(error: unknown): AirlockError {
  return new AirlockError('INVALID_REQUEST', 'The request body could not be decompressed (zstd).', { cause: error });
}
