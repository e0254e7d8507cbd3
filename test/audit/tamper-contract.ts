import { describe, expect, it } from 'vitest';
import { readEntryRow, type StoredEntry } from '../../src/audit/audit-entry.js';
import { computeEntryHash } from '../../src/audit/hash-chain.js';
import { INSERT_COLUMNS, writeEntryValues } from '../../src/audit/store/audit-store.js';
import type { SigningKey } from '../../src/audit/signing-key.js';
import { verifyLog } from '../../src/audit/verify/verify-log.js';
import {
  appendRequest,
  createDecision,
  createTestSigningKey,
  REFUSAL_FINGERPRINT,
  createRefusal,
  startTestWriter,
  type AuditLocation,
} from './audit-fixtures.js';
import type { OpenedResources } from './audit-contract.js';

interface Tampered {
  location: AuditLocation;
  replica: string;
  entries: StoredEntry[];
  verify(): ReturnType<typeof verifyLog>;
}

/**
 * A closed chain of 10 requests (20 entries) with a checkpoint after every 10 entries (seq 11
 * and 22), one refused request with a finding at seq 23 and the sealing checkpoint 24, ready to be
 * tampered with directly in the database, as an insider with SQL access would.
 */
async function writeChain(opened: OpenedResources): Promise<Tampered & { signingKey: SigningKey }> {
  const location = await opened.location();
  const store = await opened.store(location);
  const signingKey = createTestSigningKey();
  const writer = await startTestWriter(store, { signingKey, checkpointEveryRecords: 10 });
  for (let index = 0; index < 10; index += 1) await appendRequest(writer, `request-${index + 1}`);
  await writer.append(createRefusal('refused-1'), [REFUSAL_FINGERPRINT], true);
  await writer.close();
  const replica = writer.replica;
  const entries = (await location.exec('SELECT * FROM audit_entries WHERE replica = ? ORDER BY seq', [replica])).map(readEntryRow);
  const keys = new Map([[signingKey.id, signingKey.publicKey]]);
  return { location, replica, entries, signingKey, verify: () => verifyLog(store.executor, keys) };
}

async function moveSeq(location: AuditLocation, replica: string, from: number, to: number): Promise<void> {
  await location.exec('UPDATE audit_entries SET seq = ? WHERE replica = ? AND seq = ?', [to, replica, from]);
}

/** Shifts every entry from `seq` on by one, through a temporary range so the primary key never collides. */
async function openGap(location: AuditLocation, replica: string, seq: number): Promise<void> {
  await location.exec('UPDATE audit_entries SET seq = seq + 100000 WHERE replica = ? AND seq >= ?', [replica, seq]);
  await location.exec('UPDATE audit_entries SET seq = seq - 99999 WHERE replica = ? AND seq >= ?', [replica, 100_000]);
}

async function insertEntry(location: AuditLocation, entry: StoredEntry, booleans: 'int' | 'bool'): Promise<void> {
  const values = writeEntryValues(entry, (value) => (booleans === 'int' ? (value ? 1 : 0) : value));
  await location.exec(
    `INSERT INTO audit_entries (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`,
    values,
  );
}

/** Rewrites the chain from `seq` on as an attacker who knows the hash algorithm (but not the signing key) would. */
async function rehashFrom(location: AuditLocation, replica: string, seq: number, booleans: 'int' | 'bool'): Promise<void> {
  const entries = (await location.exec('SELECT * FROM audit_entries WHERE replica = ? ORDER BY seq', [replica])).map(readEntryRow);
  let prev = entries.find((entry) => entry.seq === seq - 1)?.hash ?? '';
  for (const entry of entries.filter((candidate) => candidate.seq >= seq)) {
    const hash = computeEntryHash(prev, entry);
    await location.exec('DELETE FROM audit_entries WHERE replica = ? AND seq = ?', [replica, entry.seq]);
    await insertEntry(location, { ...entry, prev_hash: prev, hash }, booleans);
    prev = hash;
  }
}

export function describeTamperContract(opened: OpenedResources): void {
  const booleans = opened.backend.name === 'sqlite' ? 'int' : 'bool';

  describe('tampering, caught by verify', () => {
    it('an untouched chain is intact', async () => {
      const chain = await writeChain(opened);
      expect(chain.entries.filter((entry) => entry.kind === 'checkpoint').map((entry) => entry.seq)).toEqual([11, 22, 24]);
      const report = await chain.verify();
      expect(report).toMatchObject({ intact: true, problems: [] });
      expect(report.chains[0]).toMatchObject({ entries: 24, checkpoints: 3, lastCheckpointSeq: 24, unsealed: 0 });
    });

    it('a changed record is named', async () => {
      const chain = await writeChain(opened);
      await chain.location.exec('UPDATE audit_entries SET user_name = ? WHERE replica = ? AND seq = ?', ['mallory', chain.replica, 7]);
      const report = await chain.verify();
      expect(report.intact).toBe(false);
      expect(report.problems[0]).toMatchObject({ kind: 'changed', seq: 7, requestId: 'request-4' });
    });

    it('a deleted record is named', async () => {
      const chain = await writeChain(opened);
      await chain.location.exec('DELETE FROM audit_entries WHERE replica = ? AND seq = ?', [chain.replica, 7]);
      const report = await chain.verify();
      expect(report.problems[0]).toMatchObject({ kind: 'deleted', seq: 7 });
      expect(report.problems[0]?.message).toContain('seq 7 was deleted');
    });

    it('an inserted record is named, whether or not its hash was forged to fit', async () => {
      for (const forgeHash of [true, false]) {
        const chain = await writeChain(opened);
        const before = chain.entries[5] as StoredEntry;
        const forged = { ...createDecision('forged-request', { user_name: 'ghost' }), replica: chain.replica };
        const hash = forgeHash ? computeEntryHash(before.hash, forged) : 'a'.repeat(64);
        await openGap(chain.location, chain.replica, 7);
        await insertEntry(chain.location, { ...forged, seq: 7, prev_hash: before.hash, hash }, booleans);
        const report = await chain.verify();
        expect(report.problems[0], `forged hash: ${forgeHash}`).toMatchObject({ kind: 'inserted', seq: 7, requestId: 'forged-request' });
      }
    });

    it('reordered records are named', async () => {
      const chain = await writeChain(opened);
      await moveSeq(chain.location, chain.replica, 7, -7);
      await moveSeq(chain.location, chain.replica, 8, 7);
      await moveSeq(chain.location, chain.replica, -7, 8);
      const report = await chain.verify();
      expect(report.problems[0]).toMatchObject({ kind: 'reordered', seq: 7 });
    });

    it('a record changed and the chain rehashed is caught by the signed checkpoint after it', async () => {
      const chain = await writeChain(opened);
      await chain.location.exec('UPDATE audit_entries SET destination = ? WHERE replica = ? AND seq = ?', ['local', chain.replica, 14]);
      await rehashFrom(chain.location, chain.replica, 14, booleans);
      const report = await chain.verify();
      expect(report.problems[0]).toMatchObject({ kind: 'rewritten', seq: 12 });
      expect(report.problems[0]?.message).toContain('between seq 12 and seq 21');
    });

    it('an edited fingerprint index (a leak hidden from lookup) is named', async () => {
      const chain = await writeChain(opened);
      await chain.location.exec('DELETE FROM audit_fingerprints WHERE replica = ? AND seq = ?', [chain.replica, 23]);
      const report = await chain.verify();
      expect(report.problems).toEqual([expect.objectContaining({ kind: 'index', seq: 23, requestId: 'refused-1' })]);
    });

    it('a whole signed checkpoint deleted breaks the chain at its successor', async () => {
      const chain = await writeChain(opened);
      await chain.location.exec('DELETE FROM audit_entries WHERE replica = ? AND seq = ?', [chain.replica, 11]);
      const report = await chain.verify();
      expect(report.problems[0]).toMatchObject({ kind: 'deleted', seq: 11 });
    });
  });
}
