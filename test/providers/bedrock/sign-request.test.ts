import { createHash } from 'node:crypto';
import { getCanonicalHeaders, getPayloadHash, SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { createRequestSigner, toHttpRequest, type SignableRequest } from '../../../src/providers/bedrock/sign-request.js';
import { SESSION_TOKEN, SUITE, VECTORS } from './fixtures/sigv4-test-suite.js';

/** Reads a `.req` file into the request Airlock would send: duplicate headers joined by commas, as HTTP clients do. */
function parseSuiteRequest(text: string): SignableRequest {
  const [head = '', body] = text.split('\n\n');
  const [requestLine = '', ...headerLines] = head.split('\n');
  const [method, target = '/'] = requestLine.split(' ');
  const headers: Record<string, string> = {};
  let host = '';
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1);
    if (name === 'host') host = value;
    // The signer sets x-amz-date (and the token) itself, from the signing date and credentials.
    else if (name !== 'x-amz-date' && name !== 'x-amz-security-token') headers[name] = headers[name] ? `${headers[name]},${value}` : value;
  }
  return { method: method as 'GET' | 'POST', url: new URL(target, `https://${host}`), headers, ...(body === undefined ? {} : { body }) };
}

/** Exposes the signer's intermediate steps, to compare them with the suite's .creq and .sts. */
class InspectableSigner extends SignatureV4 {
  async steps(request: ReturnType<typeof toHttpRequest>, longDate: string, credentialScope: string) {
    const withDate = { ...request, headers: { ...request.headers, 'x-amz-date': longDate } };
    const canonicalRequest = this.createCanonicalRequest(withDate, getCanonicalHeaders(withDate), await getPayloadHash(withDate, Sha256));
    return {
      canonicalRequest,
      stringToSign: await this.createStringToSign(longDate, credentialScope, canonicalRequest, 'AWS4-HMAC-SHA256'),
    };
  }
}

class Sha256 {
  private readonly hash = createHash('sha256');
  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {}
}

describe('SigV4 signing against the AWS Signature Version 4 Test Suite', () => {
  it.each(VECTORS)('$name: Authorization header', async (vector) => {
    const needsToken = vector.request.includes('X-Amz-Security-Token');
    const signer = createRequestSigner({
      region: SUITE.region,
      service: SUITE.service,
      credentials: {
        accessKeyId: SUITE.accessKeyId,
        secretAccessKey: SUITE.secretAccessKey,
        ...(needsToken ? { sessionToken: SESSION_TOKEN } : {}),
      },
    });
    const headers = await signer.sign(parseSuiteRequest(vector.request), SUITE.date);
    expect(headers.authorization).toBe(vector.authorization);
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
    if (needsToken) expect(headers['x-amz-security-token']).toBe(SESSION_TOKEN);
    // Host is signed but not returned: the HTTP client sends it from the URL.
    expect(headers).not.toHaveProperty('host');
  });

  it.each(VECTORS.filter((vector) => vector.canonicalRequest))('$name: canonical request and string to sign', async (vector) => {
    const signer = new InspectableSigner({ ...SUITE, credentials: SUITE, sha256: Sha256, applyChecksum: false });
    const steps = await signer.steps(
      toHttpRequest(parseSuiteRequest(vector.request)),
      '20150830T123600Z',
      '20150830/us-east-1/service/aws4_request',
    );
    expect(steps.canonicalRequest).toBe(vector.canonicalRequest);
    expect(steps.stringToSign).toBe(vector.stringToSign);
  });

  it('signs a different body, date or key differently', async () => {
    const credentials = { accessKeyId: SUITE.accessKeyId, secretAccessKey: SUITE.secretAccessKey };
    const base = parseSuiteRequest(VECTORS[2]?.request ?? '');
    const sign = (request: SignableRequest, date = SUITE.date, secret = SUITE.secretAccessKey) =>
      createRequestSigner({ region: SUITE.region, service: SUITE.service, credentials: { ...credentials, secretAccessKey: secret } }).sign(
        request,
        date,
      );
    const reference = (await sign(base)).authorization;
    expect((await sign({ ...base, body: 'Param1=value2' })).authorization).not.toBe(reference);
    expect((await sign(base, new Date('2015-08-30T12:36:01Z'))).authorization).not.toBe(reference);
    expect((await sign(base, SUITE.date, `${SUITE.secretAccessKey}x`)).authorization).not.toBe(reference);
  });
});
