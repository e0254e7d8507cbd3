import { crc32 } from 'node:zlib';

/** One message of an `application/vnd.amazon.eventstream` body. */
export interface EventStreamMessage {
  /** String-valued headers (`:message-type`, `:event-type`, `:exception-type`, ...); other types are skipped. */
  headers: Record<string, string>;
  payload: Buffer;
}

/** Raised for a frame that cannot be trusted: bad lengths or a CRC that does not match. */
export class EventStreamFrameError extends Error {
  override readonly name = 'EventStreamFrameError';
}

/** Prelude (total length, headers length, prelude CRC) plus the message CRC. */
const FRAME_OVERHEAD = 16;
/** AWS limits a message to 16 MiB of payload and 128 KiB of headers. */
const MAX_MESSAGE_LENGTH = 16 * 1024 * 1024 + 128 * 1024 + FRAME_OVERHEAD;

/**
 * Decodes AWS event-stream framing from a body read in chunks of any size: each message is
 * `[total length][headers length][prelude CRC32][headers][payload][message CRC32]`, big-endian.
 * Both CRCs are checked before anything in the frame is used.
 */
export async function* decodeEventStream(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<EventStreamMessage> {
  let buffer: Buffer = Buffer.alloc(0);
  for await (const chunk of body) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    buffer = buffer.length === 0 ? bytes : Buffer.concat([buffer, bytes]);
    let offset = 0;
    while (buffer.length - offset >= 12) {
      const totalLength = readFrameLength(buffer, offset);
      if (buffer.length - offset < totalLength) break;
      yield decodeMessage(buffer.subarray(offset, offset + totalLength));
      offset += totalLength;
    }
    // Keep only the unfinished frame (copied, so the consumed chunks can be freed).
    if (offset > 0) buffer = Buffer.from(buffer.subarray(offset));
  }
  if (buffer.length > 0) throw new EventStreamFrameError('The event stream ended inside a frame.');
}

/** Reads and checks the prelude at `offset`; returns the frame's total length. */
function readFrameLength(buffer: Buffer, offset: number): number {
  const totalLength = buffer.readUInt32BE(offset);
  const headersLength = buffer.readUInt32BE(offset + 4);
  if (crc32(buffer.subarray(offset, offset + 8)) !== buffer.readUInt32BE(offset + 8)) {
    throw new EventStreamFrameError('An event-stream prelude failed its CRC check.');
  }
  if (totalLength < FRAME_OVERHEAD || totalLength > MAX_MESSAGE_LENGTH || headersLength > totalLength - FRAME_OVERHEAD) {
    throw new EventStreamFrameError('An event-stream frame has impossible lengths.');
  }
  return totalLength;
}

function decodeMessage(frame: Buffer): EventStreamMessage {
  const messageCrc = frame.readUInt32BE(frame.length - 4);
  if (crc32(frame.subarray(0, frame.length - 4)) !== messageCrc) {
    throw new EventStreamFrameError('An event-stream message failed its CRC check.');
  }
  const headersLength = frame.readUInt32BE(4);
  return {
    headers: decodeHeaders(frame.subarray(12, 12 + headersLength)),
    payload: frame.subarray(12 + headersLength, frame.length - 4),
  };
}

/** Byte sizes of the fixed-size header value types (0 and 1 are the booleans, which have no value bytes). */
const FIXED_VALUE_SIZES: Record<number, number> = { 0: 0, 1: 0, 2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16 };

function decodeHeaders(bytes: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  let offset = 0;
  while (offset < bytes.length) {
    const nameLength = bytes.readUInt8(offset);
    const name = bytes.toString('utf8', offset + 1, offset + 1 + nameLength);
    offset += 1 + nameLength;
    const type = bytes.readUInt8(offset);
    offset += 1;
    const fixed = FIXED_VALUE_SIZES[type];
    if (fixed !== undefined) {
      offset += fixed;
    } else if (type === 6 || type === 7) {
      // Byte array (6) or string (7): a 2-byte length, then the value.
      const valueLength = bytes.readUInt16BE(offset);
      if (type === 7) headers[name] = bytes.toString('utf8', offset + 2, offset + 2 + valueLength);
      offset += 2 + valueLength;
    } else {
      throw new EventStreamFrameError('An event-stream header has an unknown value type.');
    }
    if (offset > bytes.length) throw new EventStreamFrameError('An event-stream header runs past its frame.');
  }
  return headers;
}
