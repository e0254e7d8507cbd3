import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AirlockError } from '../../src/errors/airlock-error.js';
import { createStore } from '../../src/store/create-store.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { createPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/postgres-store.js';
import { ConfigError } from '../../src/config/config-error.js';
import { postgresStoreSchema } from '../../src/config/store-schema.js';
import { TEST_DATABASE_URL, TestSchemas } from './postgres-test-database.js';
import { describeStoreContract, type StoreLocation } from './store-contract.js';

const schemas = new TestSchemas();

function createLocation(extra: Partial<PostgresStoreOptions> = {}, schema = schemas.create()): StoreLocation {
  return {
    open: (options = {}) => createPostgresStore({ connectionString: TEST_DATABASE_URL, schema, poolSize: 4, ...extra, ...options }),
  };
}

afterAll(() => schemas.dropAll());

describeStoreContract('postgres', async () => ({
  location: createLocation(),
  createFreshLocation: async () => createLocation(),
  migrations: POSTGRES_MIGRATIONS,
}));

async function listenSilently(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  // Accepts connections and never answers: a database that hangs.
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function findClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function expectUnavailableWithin(work: () => Promise<unknown>, maxMs: number): Promise<void> {
  const started = performance.now();
  const failure = await work().then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(performance.now() - started).toBeLessThan(maxMs);
  expect(failure).toBeInstanceOf(AirlockError);
  expect((failure as AirlockError).code).toBe('STORE_UNAVAILABLE');
  expect((failure as AirlockError).message).not.toContain('127.0.0.1');
}

describe('postgres backend', () => {
  it('fails fast with STORE_UNAVAILABLE when nothing listens on the port', async () => {
    const port = await findClosedPort();
    const store = createPostgresStore({ connectionString: `postgres://postgres@127.0.0.1:${port}/test`, connectTimeoutMs: 500 });
    try {
      await expectUnavailableWithin(() => store.ping(), 1_500);
      await expectUnavailableWithin(() => store.keys.findByHash('x'), 1_500);
      await expectUnavailableWithin(() => store.migrate(), 1_500);
    } finally {
      await store.close();
    }
  });

  it('gives up after connectTimeoutMs when the server accepts but never answers', async () => {
    const silent = await listenSilently();
    const store = createPostgresStore({
      connectionString: `postgres://postgres@127.0.0.1:${silent.port}/test`,
      connectTimeoutMs: 300,
    });
    try {
      await expectUnavailableWithin(() => store.usage.summarize({ by: 'team' }), 1_500);
    } finally {
      await store.close();
      await silent.close();
    }
  });

  it('fails a query stuck behind a lock with STORE_UNAVAILABLE after queryTimeoutMs', async () => {
    const schema = schemas.create();
    const store = createLocation({ queryTimeoutMs: 300 }, schema).open();
    await store.migrate();
    const blocker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${schema}.teams IN ACCESS EXCLUSIVE MODE`);
      await expectUnavailableWithin(() => store.teams.get('anything'), 2_000);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
      await store.close();
    }
  });

  it('is built from config with the connection string read from the named environment variable', async () => {
    const schema = schemas.create();
    const config = postgresStoreSchema.parse({ kind: 'postgres', urlEnv: 'TEST_PG_URL', schema });
    expect(() => createStore(config, { dataDir: '/nonexistent', env: {} })).toThrow(ConfigError);
    const store = createStore(config, { dataDir: '/nonexistent', env: { TEST_PG_URL: TEST_DATABASE_URL } });
    try {
      expect(store.kind).toBe('postgres');
      expect((await store.migrate()).applied).toEqual(POSTGRES_MIGRATIONS.map((migration) => migration.id));
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      const tables = await client.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
      await client.end();
      expect(tables.rows.map((row: { table_name: string }) => row.table_name)).toEqual([
        'admin_events',
        'airlock_migrations',
        // The audit log's tables and view (issue 6), appended to the same migration list.
        'audit_chains',
        'audit_entries',
        'audit_fingerprints',
        'audit_forward_cursors',
        'audit_records',
        'keys',
        'teams',
        'usage_records',
      ]);
    } finally {
      await store.close();
    }
  });
});
