import { AirlockError } from '../errors/airlock-error.js';

/** Fastify's and Node's own failures, turned into Airlock's stable codes. */
export function convertServerError(error: unknown): AirlockError {
  if (error instanceof AirlockError) return error;
  const code = (error as { code?: string } | null)?.code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AirlockError('BODY_TOO_LARGE', 'The request body is larger than the configured limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AirlockError('BODY_UNINSPECTABLE', 'Unsupported Content-Type; send application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AirlockError('INVALID_JSON', 'The request body is empty; expected JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AirlockError('INVALID_REQUEST', 'Content-Length does not match the body.');
    case 'Z_DATA_ERROR':
    case 'Z_BUF_ERROR':
    case 'ERR_PADDING_1':
    case 'ERR__ERROR_FORMAT_PADDING_1':
      return new AirlockError('INVALID_REQUEST', 'The request body could not be decompressed.');
    default:
      if (code?.startsWith('Z_') || code?.startsWith('ERR_BROTLI')) {
        return new AirlockError('INVALID_REQUEST', 'The request body could not be decompressed.');
      }
      return new AirlockError('INTERNAL', 'Internal error.', { cause: error });
  }
}
