import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../../src/errors/airlock-error.js';
import type { StoreContext } from '../store-contract.js';

export function describeMigrationContract(context: StoreContext): void {
  describe('migrations', () => {
    it('applies nothing the second time', async () => {
      expect(await context.store.migrate()).toEqual({ applied: [] });
    });

    it('applies every core migration exactly once when two replicas start at the same moment', async () => {
      const location = await context.harness.createFreshLocation();
      const first = location.open();
      const second = location.open();
      try {
        const reports = await Promise.all([first.migrate(), second.migrate()]);
        const applied = reports.flatMap((report) => report.applied);
        expect(applied).toEqual(context.harness.migrations.map((migration) => migration.id));
        await first.ping();
        expect(await second.keys.list()).toEqual([]);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });

    it('applies only a migration appended later (how the audit log adds its tables)', async () => {
      const location = await context.harness.createFreshLocation();
      const core = location.open();
      await core.migrate();
      await core.close();
      const appended = { id: 'test-001-extra', sql: 'CREATE TABLE extra_things (id TEXT PRIMARY KEY)' };
      const extended = location.open({ migrations: [...context.harness.migrations, appended] });
      try {
        expect(await extended.migrate()).toEqual({ applied: ['test-001-extra'] });
        expect(await extended.migrate()).toEqual({ applied: [] });
      } finally {
        await extended.close();
      }
    });

    it('refuses to start when an applied migration was edited', async () => {
      const location = await context.harness.createFreshLocation();
      const original = location.open();
      await original.migrate();
      await original.close();
      const [first, ...rest] = context.harness.migrations;
      if (first === undefined) throw new Error('no core migration');
      const edited = location.open({ migrations: [{ id: first.id, sql: `${first.sql}\n-- edited` }, ...rest] });
      try {
        const failure = await edited.migrate().catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(AirlockError);
        expect((failure as AirlockError).code).toBe('INTERNAL');
        expect((failure as AirlockError).message).toContain('was changed after it was applied');
      } finally {
        await edited.close();
      }
    });

    it('answers ping when ready', async () => {
      await expect(context.store.ping()).resolves.toBeUndefined();
    });
  });
}
