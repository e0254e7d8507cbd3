/**
 * Builders of Bedrock Converse / ConverseStream replies for loopback servers, following the
 * Bedrock Runtime API reference: JSON replies, `application/vnd.amazon.eventstream` bodies whose
 * frames are encoded by the AWS SDK's own codec (@smithy/core, independent of Airlock's decoder,
 * with real CRCs), error replies with `x-amzn-ErrorType`, and a check that a received request
 * carries a valid SigV4 signature for exactly what arrived.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { EventStreamCodec } from '@smithy/core/event-streams';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RecordedRequest } from '../../helpers/loopback-server.js';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

export type BedrockBlockSpec = { type: 'text'; pieces: string[] } | { type: 'toolUse'; id: string; name: string; inputPieces: string[] };

export interface ConverseSpec {
  blocks: BedrockBlockSpec[];
  stopReason?: string;
  usage?: { input: number; output: number };
}

/** A complete Converse reply. */
export function createConverseResponse(spec: ConverseSpec): Record<string, unknown> {
  const usage = spec.usage ?? { input: 30, output: 12 };
  return {
    output: {
      message: {
        role: 'assistant',
        content: spec.blocks.map((block) =>
          block.type === 'text'
            ? { text: block.pieces.join('') }
            : { toolUse: { toolUseId: block.id, name: block.name, input: JSON.parse(block.inputPieces.join('') || '{}') } },
        ),
      },
    },
    stopReason: spec.stopReason ?? (spec.blocks.some((block) => block.type === 'toolUse') ? 'tool_use' : 'end_turn'),
    usage: { inputTokens: usage.input, outputTokens: usage.output, totalTokens: usage.input + usage.output },
    metrics: { latencyMs: 412 },
  };
}

/** One encoded event frame; Bedrock pads every event payload with a random `p` field. */
export function encodeEvent(eventType: string, payload: Record<string, unknown>): Buffer {
  const body = Buffer.from(JSON.stringify({ ...payload, p: randomBytes(6).toString('hex') }));
  return Buffer.from(
    codec.encode({
      headers: {
        ':event-type': { type: 'string', value: eventType },
        ':content-type': { type: 'string', value: 'application/json' },
        ':message-type': { type: 'string', value: 'event' },
      },
      body,
    }),
  );
}

/** An exception frame, e.g. `throttlingException`. */
export function encodeException(exceptionType: string, message: string): Buffer {
  return Buffer.from(
    codec.encode({
      headers: {
        ':exception-type': { type: 'string', value: exceptionType },
        ':content-type': { type: 'string', value: 'application/json' },
        ':message-type': { type: 'string', value: 'exception' },
      },
      body: Buffer.from(JSON.stringify({ message })),
    }),
  );
}

/** The frames of a ConverseStream reply in the documented order, metadata last. */
export function createConverseStreamFrames(spec: ConverseSpec, options: { metadata?: boolean } = {}): Buffer[] {
  const frames = [encodeEvent('messageStart', { role: 'assistant' })];
  spec.blocks.forEach((block, contentBlockIndex) => {
    if (block.type === 'toolUse') {
      frames.push(encodeEvent('contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId: block.id, name: block.name } } }));
      for (const input of block.inputPieces)
        frames.push(encodeEvent('contentBlockDelta', { contentBlockIndex, delta: { toolUse: { input } } }));
    } else {
      for (const text of block.pieces) frames.push(encodeEvent('contentBlockDelta', { contentBlockIndex, delta: { text } }));
    }
    frames.push(encodeEvent('contentBlockStop', { contentBlockIndex }));
  });
  const stopReason = spec.stopReason ?? (spec.blocks.some((block) => block.type === 'toolUse') ? 'tool_use' : 'end_turn');
  frames.push(encodeEvent('messageStop', { stopReason }));
  if (options.metadata !== false) {
    const usage = spec.usage ?? { input: 30, output: 12 };
    frames.push(
      encodeEvent('metadata', {
        usage: { inputTokens: usage.input, outputTokens: usage.output, totalTokens: usage.input + usage.output },
        metrics: { latencyMs: 388 },
      }),
    );
  }
  return frames;
}

/** Starts an event-stream reply, as Bedrock sends it. */
export function startBedrockStream(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-requestid': 'c4b5c6d2-6f2e-4a33-9d51-3b8a2b1f0e11',
  });
  response.flushHeaders();
}

/** Writes bytes in pseudo-random pieces (1..maxPiece) with a macrotask between, so frames arrive cut anywhere. */
export async function writeBytesInPieces(response: ServerResponse, bytes: Buffer, maxPiece = 7, seed = 1): Promise<void> {
  let state = seed;
  let offset = 0;
  while (offset < bytes.length) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const size = 1 + (state % maxPiece);
    if (response.destroyed) return;
    response.write(bytes.subarray(offset, offset + size));
    offset += size;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A Bedrock error reply: the type in `x-amzn-ErrorType`, `{"message"}` in the body. */
export function sendBedrockError(
  response: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ message });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    'x-amzn-requestid': '0b6c2a8e-2f0d-4f7e-8d7b-2f5a1c9e4d30',
    ...headers,
  });
  response.end(body);
}

export interface SignatureCheck {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}

/**
 * Recomputes the SigV4 signature of a received request (method, raw path, the signed headers as
 * they arrived, the body bytes) and compares it with its Authorization header: it proves the
 * gateway signed exactly what it sent, with the right scope.
 */
export async function verifySignature(request: RecordedRequest, check: SignatureCheck): Promise<boolean> {
  const authorization = String(request.headers.authorization ?? '');
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = String(request.headers[name] ?? '');
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13)}`,
  );
  const signer = new SignatureV4({
    service: 'bedrock',
    region: check.region,
    credentials: check,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const [host = '', port] = (headers.host ?? '').split(':');
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: host,
      ...(port ? { port: Number(port) } : {}),
      path: request.path,
      query: {},
      headers,
      body: request.rawBody,
    },
    { signingDate },
  );
  return signed.headers.authorization === authorization;
}

/** SHA-256 (HMAC with a secret) for the signer, over node:crypto. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {}
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
}
