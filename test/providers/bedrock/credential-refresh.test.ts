import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/canonical/types.js';
import { bedrockDestinationSchema } from '../../../src/config/schema.js';
import { createBedrockProvider } from '../../../src/providers/bedrock/create-bedrock-provider.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import { captureError, createCallOptions } from '../../helpers/loopback-calls.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createConverseResponse, sendBedrockError, verifySignature } from './loopback-bedrock.js';
import { MODEL_ID } from './provider-setup.js';

// Shaped like real temporary credentials (never real ones).
const FIRST = {
  accessKeyId: 'ASIAQ3EGRJ7XFIRST001',
  secretAccessKey: 'firstSecretK7Qp2Vw9Rt4Yx8Bn3Mz6Lc1Hd5Fg0J',
  sessionToken: 'FQoGZXIvYXdzEFirstToken',
};
const SECOND = {
  accessKeyId: 'ASIAQ3EGRJ7XSECOND02',
  secretAccessKey: 'secondSecretP8Wn3Lq6Tz1Vb4Xc7Kd2Fh9Mj5Rs0',
  sessionToken: 'FQoGZXIvYXdzESecondToken',
};
const REGION = 'us-east-1';

let server: LoopbackServer;
let directory: string;
let file: string;

function writeCredentials(credentials: typeof FIRST, mtime: Date): void {
  writeFileSync(
    file,
    `[default]\naws_access_key_id = ${credentials.accessKeyId}\naws_secret_access_key = ${credentials.secretAccessKey}\naws_session_token = ${credentials.sessionToken}\n`,
  );
  utimesSync(file, mtime, mtime);
}

const request: ChatRequest = { model: MODEL_ID, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };

beforeAll(async () => {
  server = await startLoopbackServer();
  directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-aws-'));
  file = path.join(directory, 'credentials');
});

afterAll(async () => {
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('Bedrock credentials from the shared credentials file', () => {
  it('signs with rewritten temporary credentials without a restart, and scrubs the new ones from errors too', async () => {
    writeCredentials(FIRST, new Date(Date.now() - 60_000));
    const provider = createBedrockProvider(
      'bedrock-refresh',
      bedrockDestinationSchema.parse({ kind: 'bedrock', region: REGION, endpoint: server.url, tier: 'enterprise', retention: 'zero' }),
      { configDir: '.', env: { AWS_SHARED_CREDENTIALS_FILE: file }, logger: createSilentLogger() },
    );
    server.handle((_request, response) => sendJson(response, 200, createConverseResponse({ blocks: [{ type: 'text', pieces: ['ok'] }] })));
    await provider.chat(request, createCallOptions());
    expect(String(server.lastRequest().headers.authorization)).toContain(`Credential=${FIRST.accessKeyId}/`);
    expect(await verifySignature(server.lastRequest(), { ...FIRST, region: REGION })).toBe(true);

    // A refresh script (saml2aws, an STS call) writes new temporary credentials.
    writeCredentials(SECOND, new Date());
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await provider.chat(request, createCallOptions());
    const sent = server.lastRequest();
    expect(String(sent.headers.authorization)).toContain(`Credential=${SECOND.accessKeyId}/`);
    expect(sent.headers['x-amz-security-token']).toBe(SECOND.sessionToken);
    expect(await verifySignature(sent, { ...SECOND, region: REGION })).toBe(true);

    server.handle((_request, response) =>
      sendBedrockError(response, 400, 'ValidationException', `Key ${SECOND.accessKeyId} with token ${SECOND.sessionToken} rejected.`),
    );
    const error = (await captureError(() => provider.chat(request, createCallOptions()))) as Error;
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(SECOND.sessionToken);
    expect(error.message).not.toContain(SECOND.accessKeyId);

    // A half-written file keeps the last good credentials.
    writeFileSync(file, '[default]\naws_access_key_id = ASIA');
    utimesSync(file, new Date(Date.now() + 5_000), new Date(Date.now() + 5_000));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    server.handle((_request, response) => sendJson(response, 200, createConverseResponse({ blocks: [{ type: 'text', pieces: ['ok'] }] })));
    await provider.chat(request, createCallOptions());
    expect(String(server.lastRequest().headers.authorization)).toContain(`Credential=${SECOND.accessKeyId}/`);
  });
});
