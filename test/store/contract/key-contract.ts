import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../../src/errors/airlock-error.js';
import type { NewKey } from '../../../src/store/types.js';
import type { StoreContext } from '../store-contract.js';
import { uniqueId } from './unique-id.js';

function makeKey(overrides: Partial<NewKey> = {}): NewKey {
  const id = uniqueId('key');
  return { id, hash: uniqueId('hash').padEnd(64, '0'), prefix: 'alk_Ab12', user: 'alice', team: 'payments', ...overrides };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const failure = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(AirlockError);
  expect((failure as AirlockError).code).toBe(code);
}

export function describeKeyContract(context: StoreContext): void {
  describe('keys', () => {
    it('creates a key and reads it back by id and by hash, limits and budget included', async () => {
      const createdAt = new Date('2026-03-01T10:00:00.123Z');
      const expiresAt = new Date('2026-04-01T00:00:00.000Z');
      const input = makeKey({
        name: 'laptop',
        limits: { rpm: 60, tpm: 100_000, concurrency: 4 },
        budget: { period: 'month', softMicroUsd: 8_000_000, hardMicroUsd: 10_000_000 },
        createdAt,
        expiresAt,
      });
      const created = await context.store.keys.create(input);
      const expected = {
        id: input.id,
        hash: input.hash,
        prefix: 'alk_Ab12',
        name: 'laptop',
        user: 'alice',
        team: 'payments',
        limits: { rpm: 60, tpm: 100_000, concurrency: 4 },
        budget: { period: 'month', softMicroUsd: 8_000_000, hardMicroUsd: 10_000_000 },
        createdAt,
        expiresAt,
        revokedAt: null,
        rotatedAt: null,
      };
      expect(created).toEqual(expected);
      expect(await context.store.keys.get(input.id)).toEqual(expected);
      expect(await context.store.keys.findByHash(input.hash)).toEqual(expected);
    });

    it('stores absent limits as unlimited and an absent team and budget as null', async () => {
      const created = await context.store.keys.create(makeKey({ team: null, limits: { rpm: 5 } }));
      expect(created.limits).toEqual({ rpm: 5 });
      expect(created.team).toBeNull();
      expect(created.budget).toBeNull();
      expect(created.expiresAt).toBeNull();
    });

    it('returns null for unknown ids and hashes', async () => {
      expect(await context.store.keys.get(uniqueId('missing'))).toBeNull();
      expect(await context.store.keys.findByHash(uniqueId('missing'))).toBeNull();
    });

    it('refuses a duplicate id or hash with INVALID_REQUEST and a negative limit likewise', async () => {
      const first = await context.store.keys.create(makeKey());
      await expectCode(context.store.keys.create(makeKey({ id: first.id })), 'INVALID_REQUEST');
      await expectCode(context.store.keys.create(makeKey({ hash: first.hash })), 'INVALID_REQUEST');
      await expectCode(context.store.keys.create(makeKey({ limits: { rpm: -1 } })), 'INVALID_REQUEST');
    });

    it('lists by user and team, oldest first, and only active keys when asked', async () => {
      const user = uniqueId('user');
      const now = new Date('2026-05-01T00:00:00Z');
      const active = await context.store.keys.create(makeKey({ user, team: 'a', createdAt: new Date('2026-01-01T00:00:00Z') }));
      const revoked = await context.store.keys.create(makeKey({ user, team: 'b', createdAt: new Date('2026-01-02T00:00:00Z') }));
      const expired = await context.store.keys.create(
        makeKey({ user, team: 'a', createdAt: new Date('2026-01-03T00:00:00Z'), expiresAt: new Date('2026-04-30T23:59:59Z') }),
      );
      const future = await context.store.keys.create(
        makeKey({ user, team: 'a', createdAt: new Date('2026-01-04T00:00:00Z'), expiresAt: new Date('2026-05-01T00:00:01Z') }),
      );
      await context.store.keys.revoke(revoked.id);
      const ids = async (filter: Parameters<typeof context.store.keys.list>[0]) =>
        (await context.store.keys.list(filter)).map((key) => key.id);
      expect(await ids({ user })).toEqual([active.id, revoked.id, expired.id, future.id]);
      expect(await ids({ user, team: 'a' })).toEqual([active.id, expired.id, future.id]);
      expect(await ids({ user, activeOnly: true, now })).toEqual([active.id, future.id]);
      expect(await ids({ user, limit: 2 })).toEqual([active.id, revoked.id]);
    });

    it('revokes once: the first revocation time stays', async () => {
      const key = await context.store.keys.create(makeKey());
      const first = new Date('2026-02-01T00:00:00Z');
      expect((await context.store.keys.revoke(key.id, first))?.revokedAt).toEqual(first);
      expect((await context.store.keys.revoke(key.id, new Date('2026-03-01T00:00:00Z')))?.revokedAt).toEqual(first);
      expect((await context.store.keys.findByHash(key.hash))?.revokedAt).toEqual(first);
      expect(await context.store.keys.revoke(uniqueId('missing'))).toBeNull();
    });

    it('rotates in place: same id and settings, new hash, the old hash no longer found', async () => {
      const key = await context.store.keys.create(makeKey({ limits: { rpm: 7 } }));
      const at = new Date('2026-02-02T00:00:00Z');
      const replacement = { hash: uniqueId('new-hash').padEnd(64, '1'), prefix: 'alk_Zz99' };
      const rotated = await context.store.keys.rotate(key.id, replacement, at);
      expect(rotated).toEqual({ ...key, ...replacement, rotatedAt: at });
      expect(await context.store.keys.findByHash(key.hash)).toBeNull();
      expect((await context.store.keys.findByHash(replacement.hash))?.id).toBe(key.id);
    });

    it('does not rotate a revoked or unknown key', async () => {
      const key = await context.store.keys.create(makeKey());
      await context.store.keys.revoke(key.id);
      expect(await context.store.keys.rotate(key.id, { hash: uniqueId('h'), prefix: 'alk_x' })).toBeNull();
      expect((await context.store.keys.get(key.id))?.hash).toBe(key.hash);
      expect(await context.store.keys.rotate(uniqueId('missing'), { hash: uniqueId('h'), prefix: 'alk_x' })).toBeNull();
    });

    it('updates only the fields given', async () => {
      const key = await context.store.keys.create(
        makeKey({ name: 'old', limits: { rpm: 1, tpm: 2 }, budget: { period: 'day', softMicroUsd: null, hardMicroUsd: 5 } }),
      );
      const limitsOnly = await context.store.keys.update(key.id, { limits: { concurrency: 3 } });
      expect(limitsOnly).toEqual({ ...key, limits: { concurrency: 3 } });
      const expiresAt = new Date('2027-01-01T00:00:00Z');
      const rest = await context.store.keys.update(key.id, { name: null, budget: null, expiresAt });
      expect(rest).toEqual({ ...key, limits: { concurrency: 3 }, name: null, budget: null, expiresAt });
      expect(await context.store.keys.update(key.id, {})).toEqual(rest);
      expect(await context.store.keys.update(uniqueId('missing'), { name: 'x' })).toBeNull();
    });
  });
}
