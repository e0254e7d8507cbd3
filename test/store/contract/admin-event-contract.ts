import { describe, expect, it } from 'vitest';
import type { StoreContext } from '../store-contract.js';
import { uniqueId } from './unique-id.js';

export function describeAdminEventContract(context: StoreContext): void {
  describe('admin events', () => {
    it('records who did what to what, with details, and lists newest first', async () => {
      const actor = uniqueId('admin');
      const time = new Date('2026-06-01T12:00:00.500Z');
      const first = await context.store.adminEvents.record({
        actor,
        action: 'key.create',
        target: 'key_1',
        time,
        detail: { rpm: 60, team: 'payments', nested: { ok: true } },
      });
      expect(first).toEqual({
        id: first.id,
        time,
        actor,
        action: 'key.create',
        target: 'key_1',
        detail: { rpm: 60, team: 'payments', nested: { ok: true } },
      });
      const second = await context.store.adminEvents.record({ actor, action: 'key.revoke', target: 'key_1' });
      const third = await context.store.adminEvents.record({ actor, action: 'team.upsert' });
      expect(second.id).toBeGreaterThan(first.id);
      expect(third).toMatchObject({ target: null, detail: {} });
      const listed = await context.store.adminEvents.list({ actor });
      expect(listed.map((event) => event.id)).toEqual([third.id, second.id, first.id]);
    });

    it('filters by action, target, time and limit', async () => {
      const actor = uniqueId('admin');
      await context.store.adminEvents.record({
        actor,
        action: 'key.create',
        target: 'a',
        time: new Date('2026-01-01T00:00:00Z'),
      });
      await context.store.adminEvents.record({
        actor,
        action: 'key.revoke',
        target: 'a',
        time: new Date('2026-01-02T00:00:00Z'),
      });
      await context.store.adminEvents.record({
        actor,
        action: 'key.create',
        target: 'b',
        time: new Date('2026-01-03T00:00:00Z'),
      });
      const actions = async (query: Parameters<typeof context.store.adminEvents.list>[0]) =>
        (await context.store.adminEvents.list({ actor, ...query })).map((event) => `${event.action}:${event.target}`);
      expect(await actions({ action: 'key.create' })).toEqual(['key.create:b', 'key.create:a']);
      expect(await actions({ target: 'a' })).toEqual(['key.revoke:a', 'key.create:a']);
      expect(await actions({ since: new Date('2026-01-02T00:00:00Z') })).toEqual(['key.create:b', 'key.revoke:a']);
      expect(await actions({ limit: 1 })).toEqual(['key.create:b']);
    });
  });
}
