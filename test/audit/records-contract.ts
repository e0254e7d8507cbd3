import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lookupFingerprints, queryRecords, readFinishedRecords } from '../../src/audit/audit-queries.js';
import { buildReport } from '../../src/audit/build-report.js';
import { purgeRecords } from '../../src/audit/purge-records.js';
import { verifyLog } from '../../src/audit/verify/verify-log.js';
import type { OpenedResources } from './audit-contract.js';
import {
  appendRequest,
  createDecision,
  createRefusal,
  createTestSigningKey,
  REFUSAL_FINGERPRINT,
  startTestWriter,
} from './audit-fixtures.js';

const DAY = 86_400_000;
const LOCAL_CANDIDATE = JSON.stringify([{ model: 'local', destination: 'local', upstreamModel: 'llama' }]);

export function describeRecordsContract(opened: OpenedResources): void {
  describe('using the log', () => {
    it('filters records, reports destination × classification and looks up a fingerprint', async () => {
      const store = await opened.store(await opened.location());
      const writer = opened.track(await startTestWriter(store));
      const start = Date.parse('2026-11-01T00:00:00Z');
      await appendRequest(writer, 'allowed', { time_ms: start + 1_000 });
      await writer.append(
        createRefusal('blocked', { time_ms: start + 2_000, user_name: 'bob', team: 'research' }),
        [REFUSAL_FINGERPRINT],
        true,
      );
      const rerouted = {
        time_ms: start + 3_000,
        user_name: 'carol',
        team: 'research',
        action: 'reroute',
        classification: 'restricted',
        effective_classification: 'restricted',
        candidates: LOCAL_CANDIDATE,
      };
      await appendRequest(writer, 'rerouted', rerouted, { destination: 'local', upstream_model: 'llama', cost_micro_usd: 0 });
      // Dispatched, then the destination failed: it may have received the data, so it counts there.
      await appendRequest(
        writer,
        'failed',
        { time_ms: start + 4_000, effective_classification: 'confidential' },
        { destination: null, status: 502, outcome: 'UPSTREAM_ERROR' },
      );
      await appendRequest(writer, 'next-month', { time_ms: Date.parse('2026-12-02T00:00:00Z') });

      const ids = async (filter: Parameters<typeof queryRecords>[1]) =>
        (await queryRecords(store.executor, filter)).map((found) => found.record.requestId);
      expect(await ids({ team: 'research' })).toEqual(['blocked', 'rerouted']);
      expect(await ids({ action: 'block' })).toEqual(['blocked']);
      expect(await ids({ destination: 'local' })).toEqual(['rerouted']);
      expect(await ids({ classification: 'restricted' })).toEqual(['blocked', 'rerouted']);
      expect(await ids({ user: 'ada', since: new Date(start), until: new Date(start + 30 * DAY) })).toEqual(['allowed', 'failed']);
      expect(await ids({ outcome: 'UPSTREAM_ERROR' })).toEqual(['failed']);

      const report = await buildReport(
        store.executor,
        { since: new Date(start), until: new Date(Date.parse('2026-12-01T00:00:00Z')) },
        new Map([
          ['cloud', 'enterprise'],
          ['local', 'local'],
        ]),
      );
      expect(report.requests).toBe(4);
      expect(report.destinations).toEqual([
        { destination: 'cloud', tier: 'enterprise', counts: { public: 0, internal: 1, confidential: 1, restricted: 0 }, total: 2 },
        { destination: '(not sent)', tier: null, counts: { public: 0, internal: 0, confidential: 0, restricted: 1 }, total: 1 },
        { destination: 'local', tier: 'local', counts: { public: 0, internal: 0, confidential: 0, restricted: 1 }, total: 1 },
      ]);
      expect(report.sentToCloud).toEqual({ internal: 1, confidential: 1 });
      expect(report.teams).toEqual([
        { team: 'research', action: 'block', count: 1 },
        { team: 'research', action: 'reroute', count: 1 },
      ]);
      expect(report.outcomes).toEqual({ ok: 2, POLICY_BLOCKED: 1, UPSTREAM_ERROR: 1 });

      const found = await lookupFingerprints(store.executor, [REFUSAL_FINGERPRINT, 'e'.repeat(64)]);
      expect(found.map((item) => [item.record.requestId, item.record.principal.user])).toEqual([['blocked', 'bob']]);
    });

    it('lists finished records in chain order for forwarders, an in-flight decision only once finished', async () => {
      const store = await opened.store(await opened.location());
      const writer = opened.track(await startTestWriter(store));
      const inFlight = randomUUID();
      await writer.append(createDecision(inFlight), [], true);
      const done = await appendRequest(writer);
      const finished = await readFinishedRecords(store.executor, writer.replica, 0, 10);
      expect(finished.map((item) => [item.finalSeq, item.record?.requestId])).toEqual([[3, done]]);
      expect(await readFinishedRecords(store.executor, writer.replica, 3, 10)).toEqual([]);
    });

    it('purges records older than N days up to a signed checkpoint; what remains verifies', async () => {
      const location = await opened.location();
      const store = await opened.store(location);
      const signingKey = createTestSigningKey();
      let clock = Date.now() - 40 * DAY;
      const writer = await startTestWriter(store, {
        signingKey,
        checkpointEveryRecords: 10,
        checkpointEveryMs: 100 * DAY,
        now: () => clock,
      });
      for (let index = 0; index < 12; index += 1) await appendRequest(writer, `old-${index + 1}`, { time_ms: clock });
      clock = Date.now();
      for (let index = 0; index < 3; index += 1) await appendRequest(writer, `new-${index + 1}`, { time_ms: clock });
      await writer.close();
      const keys = new Map([[signingKey.id, signingKey.publicKey]]);
      const replica = writer.replica;

      const dryRun = await purgeRecords(store, { before: new Date(Date.now() - 30 * DAY), forwarders: [], dryRun: true });
      expect(dryRun).toEqual([{ replica, removed: 21, startsAt: 22 }]);
      expect(await location.exec('SELECT COUNT(*) AS entries FROM audit_entries')).toEqual([
        { entries: opened.backend.name === 'sqlite' ? 33 : '33' },
      ]);

      // A forwarder that has delivered only up to seq 15 holds the purge back to the checkpoint at 11.
      await location.exec('INSERT INTO audit_forward_cursors (forwarder, replica, seq, updated_ms) VALUES (?, ?, ?, ?)', [
        'siem',
        replica,
        15,
        Date.now(),
      ]);
      expect(await purgeRecords(store, { before: new Date(Date.now() - 30 * DAY), forwarders: ['siem'] })).toEqual([
        { replica, removed: 10, startsAt: 11 },
      ]);
      expect(await purgeRecords(store, { before: new Date(Date.now() - 30 * DAY), forwarders: [] })).toEqual([
        { replica, removed: 11, startsAt: 22 },
      ]);

      const report = await verifyLog(store.executor, keys);
      expect(report.problems).toEqual([]);
      expect(report.chains[0]).toMatchObject({ anchor: 'checkpoint', firstSeq: 22, lastSeq: 33 });
      const remaining = (await queryRecords(store.executor, {})).map((found) => found.record.requestId);
      expect(remaining).toEqual(['old-11', 'old-12', 'new-1', 'new-2', 'new-3']);
      // Deleting the anchoring checkpoint too is caught: the chain no longer starts anywhere provable.
      await location.exec('DELETE FROM audit_entries WHERE replica = ? AND seq = ?', [replica, 22]);
      expect((await verifyLog(store.executor, keys)).problems[0]).toMatchObject({ kind: 'deleted', seq: 23 });
    });
  });
}
