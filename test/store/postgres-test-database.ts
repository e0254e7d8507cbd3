import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The CI/dev PostgreSQL (trust auth on loopback); override with AIRLOCK_TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env['AIRLOCK_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Unique schemas for one test file, dropped at the end, so parallel test files and CI re-runs
 * on the same database never see each other's tables.
 */
export class TestSchemas {
  private readonly names: string[] = [];

  create(): string {
    const name = `airlock_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    this.names.push(name);
    return name;
  }

  async dropAll(): Promise<void> {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      for (const name of this.names) await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    } finally {
      await client.end();
    }
  }
}
