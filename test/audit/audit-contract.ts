import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { queryRecords } from '../../src/audit/audit-queries.js';
import type { AuditWriter } from '../../src/audit/audit-writer.js';
import type { AuditStore } from '../../src/audit/store/audit-store.js';
import { verifyLog } from '../../src/audit/verify/verify-log.js';
import { AirlockError } from '../../src/errors/airlock-error.js';
import {
  appendRequest,
  createDecision,
  createOutcome,
  createRefusal,
  createTestSigningKey,
  REFUSAL_FINGERPRINT,
  startTestWriter,
  type AuditBackend,
  type AuditLocation,
} from './audit-fixtures.js';
import { describeRecordsContract } from './records-contract.js';
import { describeTamperContract } from './tamper-contract.js';

/** What the contract's tests share: open locations and stores, closed after each test. */
export class OpenedResources {
  private readonly stores: AuditStore[] = [];
  private readonly writers: AuditWriter[] = [];
  private readonly locations: AuditLocation[] = [];

  constructor(readonly backend: AuditBackend) {}

  async location(): Promise<AuditLocation> {
    const location = await this.backend.createLocation();
    this.locations.push(location);
    return location;
  }

  async store(location: AuditLocation, options?: Parameters<AuditLocation['open']>[0]): Promise<AuditStore> {
    const store = await location.open(options);
    this.stores.push(store);
    return store;
  }

  track(writer: AuditWriter): AuditWriter {
    this.writers.push(writer);
    return writer;
  }

  async closeAll(): Promise<void> {
    for (const writer of this.writers.splice(0)) await writer.close().catch(() => undefined);
    for (const store of this.stores.splice(0)) await store.close().catch(() => undefined);
    for (const location of this.locations.splice(0)) await location.close().catch(() => undefined);
  }
}

/** The contract both backends must pass: append, group commit, checkpoints, leases, verify, tampering, fail closed. */
export function describeAuditContract(backend: AuditBackend): void {
  describe(`${backend.name} audit log`, () => {
    const opened = new OpenedResources(backend);
    afterEach(() => opened.closeAll());
    afterAll(() => backend.cleanup());

    it('records a dispatched request as decision + outcome and a refused one as one entry, one record each', async () => {
      const store = await opened.store(await opened.location());
      const signingKey = createTestSigningKey();
      const writer = opened.track(await startTestWriter(store, { signingKey }));
      const dispatched = await appendRequest(
        writer,
        randomUUID(),
        { stream: true, injection: true },
        { estimated: true, interrupted: true },
      );
      const refused = randomUUID();
      await writer.append(createRefusal(refused), [REFUSAL_FINGERPRINT], true);
      const records = await queryRecords(store.executor, {});
      expect(records.map((found) => found.record.requestId).sort()).toEqual([dispatched, refused].sort());
      const first = records.find((found) => found.record.requestId === dispatched)?.record;
      expect(first).toMatchObject({
        principal: { user: 'ada', team: 'platform', keyId: 'key_1' },
        stream: true,
        injection: true,
        policy: { rule: 'default', action: 'allow', reasons: ['no rule matched'] },
        destination: 'cloud',
        status: 200,
        outcome: 'ok',
        tokens: { input: 10, output: 5, estimated: true },
        costMicroUsd: 20_000,
        interrupted: true,
        chain: { seq: 1, outcomeSeq: 2 },
      });
      const second = records.find((found) => found.record.requestId === refused)?.record;
      expect(second).toMatchObject({
        outcome: 'POLICY_BLOCKED',
        status: 403,
        findings: [{ type: 'aws_access_key_id', count: 1 }],
        chain: { outcomeSeq: null },
      });
      const report = await verifyLog(store.executor, new Map([[signingKey.id, signingKey.publicKey]]));
      expect(report.problems).toEqual([]);
      expect(report.intact).toBe(true);
    });

    it('group-commits concurrent appends: 300 records in a few transactions, chained in order', async () => {
      const store = await opened.store(await opened.location());
      const writer = opened.track(await startTestWriter(store));
      let commits = 0;
      writer.on('committed', () => (commits += 1));
      const ids = Array.from({ length: 300 }, () => randomUUID());
      await Promise.all(ids.map((id) => writer.append(createDecision(id), [], true)));
      expect(commits).toBeGreaterThanOrEqual(1);
      expect(commits).toBeLessThanOrEqual(3);
      const records = await queryRecords(store.executor, { limit: 1_000 });
      const bySeq = records.map((found) => found.record).sort((left, right) => left.chain.seq - right.chain.seq);
      expect(bySeq.map((record) => record.requestId)).toEqual(ids);
    });

    it('lets outcomes ride along with the next decision commit, and commits an outcome alone within the defer window', async () => {
      const store = await opened.store(await opened.location());
      const writer = opened.track(await startTestWriter(store));
      let commits = 0;
      writer.on('committed', () => (commits += 1));
      const [first, second] = [randomUUID(), randomUUID()];
      await writer.append(createDecision(first), [], true);
      commits = 0;
      // An outcome, then a turn of the event loop later the next request's decision: one commit carries both.
      const outcome = writer.append(createOutcome(first), [], false);
      await new Promise((resolve) => setImmediate(resolve));
      await writer.append(createDecision(second), [], true);
      await outcome;
      expect(commits).toBe(1);
      // An outcome with nothing after it is still committed, shortly.
      const started = Date.now();
      await writer.append(createOutcome(second), [], false);
      expect(commits).toBe(2);
      expect(Date.now() - started).toBeLessThan(2_000);
      const records = await queryRecords(store.executor, { limit: 10 });
      expect(records.map((found) => found.record.outcome)).toEqual(['ok', 'ok']);
    });

    it('signs a checkpoint every N entries and on close; verify names an untrusted signer', async () => {
      const store = await opened.store(await opened.location());
      const signingKey = createTestSigningKey();
      const writer = await startTestWriter(store, { signingKey, checkpointEveryRecords: 10 });
      for (let index = 0; index < 12; index += 1) await appendRequest(writer);
      await writer.close();
      const report = await verifyLog(store.executor, new Map([[signingKey.id, signingKey.publicKey]]));
      expect(report.intact).toBe(true);
      // 24 entries, a checkpoint after each 10 and a final one sealing the rest.
      expect(report.chains[0]).toMatchObject({
        entries: 27,
        checkpoints: 3,
        lastCheckpointSeq: 27,
        unsealed: 0,
        openDecisions: 0,
        anchor: 'genesis',
      });
      const other = createTestSigningKey();
      const untrusted = await verifyLog(store.executor, new Map([[other.id, other.publicKey]]));
      expect(untrusted.intact).toBe(false);
      expect(untrusted.problems[0]).toMatchObject({ kind: 'untrusted-checkpoint', seq: 11 });
    });

    it('gives a second live writer its own chain, and fences a writer whose lease was taken over', async () => {
      const location = await opened.location();
      const store = await opened.store(location);
      const hostname = `host-${randomUUID().slice(0, 6)}`;
      const first = opened.track(await startTestWriter(store, { hostname, leaseMs: 60_000 }));
      const second = opened.track(await startTestWriter(await opened.store(location), { hostname, leaseMs: 60_000 }));
      expect([first.replica, second.replica]).toEqual([hostname, `${hostname}-2`]);
      await appendRequest(first);
      await appendRequest(second);
      // The first writer stalls past its lease; a new process takes its chain over.
      await location.exec('UPDATE audit_chains SET heartbeat_ms = ? WHERE replica = ?', [Date.now() - 120_000, hostname]);
      const successor = opened.track(await startTestWriter(await opened.store(location), { hostname, leaseMs: 60_000 }));
      expect(successor.replica).toBe(hostname);
      await appendRequest(successor);
      // The stalled writer's next decision is refused (fail closed), and it moves to a free chain.
      await expect(first.append(createDecision(randomUUID()), [], true)).rejects.toThrow(/held by another process/);
      await expect.poll(() => first.replica, { timeout: 5_000 }).toBe(`${hostname}-3`);
      await appendRequest(first);
      const report = await verifyLog(store.executor, new Map());
      expect(report.chains.map((chain) => [chain.replica, chain.entries, chain.problem])).toEqual([
        [hostname, 4, undefined],
        [`${hostname}-2`, 2, undefined],
        [`${hostname}-3`, 2, undefined],
      ]);
    });

    it('refuses a decision when the store cannot be written (STORE_UNAVAILABLE), and keeps outcomes until it can', async () => {
      const location = await opened.location();
      const store = await opened.store(location, { busyTimeoutMs: 100, queryTimeoutMs: 300 });
      const writer = opened.track(await startTestWriter(store));
      const unblock = await location.block();
      const requestId = randomUUID();
      const refused = await writer.append(createDecision(requestId), [], true).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AirlockError);
      expect((refused as AirlockError).code).toBe('STORE_UNAVAILABLE');
      const outcome = writer.append(createOutcome(requestId), [], false);
      await new Promise((resolve) => setTimeout(resolve, 400));
      await unblock();
      await outcome;
      const rows = await location.exec('SELECT kind FROM audit_entries');
      expect(rows.map((row) => row.kind)).toEqual(['outcome']);
    });

    it('treats a commit whose answer was lost but which the database applied as committed (no duplicate, no gap)', async () => {
      const store = await opened.store(await opened.location());
      // The answer is lost after the database applied the batch, as when a connection drops mid-reply.
      let loseNextAnswer = true;
      const lossy = {
        ...store,
        append: async (batch: Parameters<AuditStore['append']>[0]) => {
          await store.append(batch);
          if (loseNextAnswer) {
            loseNextAnswer = false;
            throw new AirlockError('STORE_UNAVAILABLE', 'The store is unavailable.');
          }
        },
      };
      const writer = opened.track(await startTestWriter(lossy));
      const first = await appendRequest(writer);
      const second = await appendRequest(writer);
      const records = await queryRecords(store.executor, {});
      expect(records.map((found) => [found.record.requestId, found.record.chain.seq, found.record.chain.outcomeSeq])).toEqual([
        [first, 1, 2],
        [second, 3, 4],
      ]);
      expect((await verifyLog(store.executor, new Map())).problems).toEqual([]);
    });

    it('keeps writing when a commit listener throws (a committed batch is never retried under a used seq)', async () => {
      const store = await opened.store(await opened.location());
      const writer = opened.track(await startTestWriter(store));
      writer.once('committed', () => {
        throw new Error('listener bug');
      });
      const ids = [await appendRequest(writer), await appendRequest(writer)];
      expect((await queryRecords(store.executor, {})).map((found) => [found.record.requestId, found.record.outcome])).toEqual(
        ids.map((id) => [id, 'ok']),
      );
    });

    describeTamperContract(opened);
    describeRecordsContract(opened);
  });
}
