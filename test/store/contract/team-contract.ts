import { describe, expect, it } from 'vitest';
import type { StoreContext } from '../store-contract.js';
import { uniqueId } from './unique-id.js';

export function describeTeamContract(context: StoreContext): void {
  describe('teams', () => {
    it('creates a team, then replaces its settings while keeping its creation time', async () => {
      const id = uniqueId('team');
      const created = await context.store.teams.upsert({
        id,
        description: 'Payments',
        limits: { rpm: 600, tpm: 1_000_000 },
        budget: { period: 'month', softMicroUsd: 400_000_000, hardMicroUsd: 500_000_000 },
      });
      expect(created).toMatchObject({
        id,
        description: 'Payments',
        limits: { rpm: 600, tpm: 1_000_000 },
        budget: { period: 'month', softMicroUsd: 400_000_000, hardMicroUsd: 500_000_000 },
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const updated = await context.store.teams.upsert({ id, limits: { concurrency: 10 } });
      expect(updated).toEqual({
        id,
        description: null,
        limits: { concurrency: 10 },
        budget: null,
        createdAt: created.createdAt,
        updatedAt: updated.updatedAt,
      });
      expect(updated.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
      expect(await context.store.teams.get(id)).toEqual(updated);
    });

    it('returns null for an unknown team and lists teams sorted by id', async () => {
      expect(await context.store.teams.get(uniqueId('missing'))).toBeNull();
      const base = uniqueId('list');
      for (const suffix of ['b', 'a', 'c']) await context.store.teams.upsert({ id: `${base}-${suffix}` });
      const ids = (await context.store.teams.list()).map((team) => team.id).filter((id) => id.startsWith(base));
      expect(ids).toEqual([`${base}-a`, `${base}-b`, `${base}-c`]);
    });
  });
}
