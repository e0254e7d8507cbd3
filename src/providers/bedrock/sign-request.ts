import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentials } from './read-aws-credentials.js';

/** A request about to be sent, as signing needs it. */
export interface SignableRequest {
  method: 'GET' | 'POST';
  /** The full URL it goes to: its host (with a non-default port) and path are signed. */
  url: URL;
  headers: Record<string, string>;
  /** The exact body bytes that will be sent. */
  body?: string;
}

export interface RequestSigner {
  /** The request's headers plus `authorization`, `x-amz-date` (and `x-amz-security-token`), to send as they are. */
  sign(request: SignableRequest, date?: Date): Promise<Record<string, string>>;
}

export interface RequestSignerOptions {
  region: string;
  /** The signing name, `bedrock` for the Bedrock runtime. */
  service: string;
  /** The credentials, or a function giving the current ones (read on every signature). */
  credentials: AwsCredentials | (() => AwsCredentials);
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** SHA-256 (or HMAC-SHA-256 with a secret) over node:crypto, in the shape the signer takes. */
class Sha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  update(data: SourceData): void {
    this.hash.update(toBytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }

  reset(): void {
    this.hash = this.create();
  }

  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(this.secret));
  }
}

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/**
 * AWS Signature Version 4 with @smithy/signature-v4, the AWS SDK's own signer: headers only (no
 * `x-amz-content-sha256`, which Bedrock does not ask for), path segments escaped as the SDK
 * does for every service but S3. The signer caches derived keys, so signing costs one body hash
 * and a few HMACs per request.
 */
export function createRequestSigner(options: RequestSignerOptions): RequestSigner {
  const source = options.credentials;
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    // A provider function is asked on every signature, so refreshed credentials are used at once.
    credentials: typeof source === 'function' ? async () => source() : source,
    sha256: Sha256,
    applyChecksum: false,
  });
  return {
    async sign(request, date) {
      const signed = await signer.sign(toHttpRequest(request), date === undefined ? {} : { signingDate: date });
      const { host: _host, ...headers } = signed.headers;
      return headers;
    },
  };
}

/** The request as the signer reads it; `host` is signed but left for the HTTP client to send. */
export function toHttpRequest(request: SignableRequest) {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of request.url.searchParams) {
    const existing = query[key];
    query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return {
    method: request.method,
    protocol: request.url.protocol,
    hostname: request.url.hostname,
    // The path as it goes on the wire (already percent-encoded): the signer encodes it once more,
    // as AWS does for every service but S3.
    path: request.url.pathname,
    query,
    headers: { ...request.headers, host: request.url.host },
    body: request.body,
  };
}
