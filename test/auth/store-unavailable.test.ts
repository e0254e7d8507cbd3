import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../src/config/schema.js';
import type { LoopbackServer } from '../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../helpers/start-test-gateway.js';
import { TestSchemas } from '../store/postgres-test-database.js';
import { startTcpProxy, type TcpProxy } from '../store/tcp-proxy.js';
import { bearer, CLOUD_ENV, createCloudConfig, issueKey, postChat, startAccountingUpstream } from './gateway-fixtures.js';

const schemas = new TestSchemas();
let upstream: LoopbackServer;

beforeAll(async () => {
  upstream = await startAccountingUpstream();
});
afterAll(async () => {
  await upstream?.close();
  await schemas.dropAll();
});

/** A gateway whose PostgreSQL connection runs through a proxy the test can cut. */
async function startBehindProxy(failMode: 'closed' | 'open'): Promise<{ gateway: TestGateway; proxy: TcpProxy }> {
  const proxy = await startTcpProxy(5432);
  const store: ConfigInput['store'] = {
    kind: 'postgres',
    urlEnv: 'STORE_URL',
    schema: schemas.create(),
    connectTimeoutMs: 300,
    queryTimeoutMs: 500,
    failMode,
  };
  // The audit log (another stage, on the same store) is off: this test is about keys and usage.
  const config = createCloudConfig(upstream.url, { store, auth: { anonymous: false, keyCacheTtlMs: 100 }, audit: { enabled: false } });
  const gateway = await startTestGateway(config, {
    ...CLOUD_ENV,
    STORE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/test`,
  });
  return { gateway, proxy };
}

describe('the key store unreachable', () => {
  it('refuses with STORE_UNAVAILABLE (503) when fail mode is closed, and recovers', async () => {
    const { gateway, proxy } = await startBehindProxy('closed');
    try {
      const key = await issueKey(gateway, { user: 'alice' });
      expect((await postChat(gateway.url, bearer(key))).status).toBe(200);
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 150));
      const started = performance.now();
      const refused = await postChat(gateway.url, bearer(key));
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: { code: 'STORE_UNAVAILABLE' } });
      expect(performance.now() - started).toBeLessThan(2_000);
      proxy.restore();
      let status = 0;
      for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
        status = (await postChat(gateway.url, bearer(key))).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
    } finally {
      proxy.restore();
      await gateway.close();
      await proxy.close();
    }
  });

  it('keeps serving keys seen before, and only those, when fail mode is open', async () => {
    const { gateway, proxy } = await startBehindProxy('open');
    try {
      const known = await issueKey(gateway, { user: 'bob' });
      const neverSeen = await issueKey(gateway, { user: 'carol' });
      expect((await postChat(gateway.url, bearer(known))).status).toBe(200);
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 150));
      // The usage row cannot be written either: logged, the answer still goes out.
      expect((await postChat(gateway.url, bearer(known))).status).toBe(200);
      expect((await postChat(gateway.url, bearer(neverSeen))).status).toBe(503);
    } finally {
      proxy.restore();
      await gateway.close();
      await proxy.close();
    }
  });
});
