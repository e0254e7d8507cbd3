import type { LoadedConfig } from '../config/load-config.js';
import { loadFingerprintKey } from '../config/load-fingerprint-key.js';
import { createInspector } from '../inspect/create-inspector.js';
import type { AuditRecord } from './audit-record.js';
import { iterateRecords, lookupFingerprints, queryRecords, type FoundRecord, type RecordFilter } from './audit-queries.js';
import { buildReport, type AuditReport } from './build-report.js';
import { createCaptureAssociatedData, loadCaptureCipher } from './capture-cipher.js';
import { purgeRecords, type ChainPurge } from './purge-records.js';
import type { AuditStore } from './store/audit-store.js';
import { loadTrustedKeys } from './verify/load-trusted-keys.js';
import { verifyLog, type VerifyReport } from './verify/verify-log.js';

/** What the CLI and the admin API do with the log: the same operations, so they cannot disagree. */
export interface AuditService {
  query(filter: RecordFilter, options?: { content?: boolean }): Promise<AuditRecord[]>;
  report(period: { since: Date; until: Date }): Promise<AuditReport>;
  /** Fingerprints of a leaked value (see `fingerprintValues`) and every request that carried one. */
  lookup(text: string): Promise<{ fingerprints: number; records: AuditRecord[] }>;
  verify(extraPublicKeys?: readonly string[]): Promise<VerifyReport>;
  export(filter: RecordFilter): AsyncGenerator<AuditRecord>;
  purge(olderThanDays: number, dryRun?: boolean): Promise<ChainPurge[]>;
}

export function createAuditService(store: AuditStore, loaded: LoadedConfig, env: Record<string, string | undefined>): AuditService {
  const config = loaded.config.audit;
  const reveal = (found: FoundRecord): AuditRecord => revealContent(found, config.capture.keyEnv, env);
  return {
    async query(filter, options = {}) {
      const found = await queryRecords(store.executor, filter);
      return found.map((item) => (options.content ? reveal(item) : item.record));
    },
    report(period) {
      const tiers = new Map(Object.entries(loaded.config.destinations).map(([name, destination]) => [name, destination.tier]));
      return buildReport(store.executor, period, tiers);
    },
    async lookup(text) {
      const fingerprints = fingerprintValues(text, loaded, env);
      const found = await lookupFingerprints(store.executor, fingerprints);
      return { fingerprints: fingerprints.length, records: found.map((item) => item.record) };
    },
    verify(extraPublicKeys = []) {
      return verifyLog(store.executor, loadTrustedKeys(config, loaded.dataDir, env, extraPublicKeys));
    },
    async *export(filter) {
      for await (const found of iterateRecords(store.executor, filter)) yield found.record;
    },
    purge(olderThanDays, dryRun = false) {
      return purgeRecords(store, {
        before: new Date(Date.now() - olderThanDays * 86_400_000),
        forwarders: config.forward.map((forwarder) => forwarder.name),
        dryRun,
      });
    },
  };
}

/**
 * The keyed fingerprints to look up for a leaked value: the text as given (trimmed), each of its
 * non-empty lines (a file may list several values), and every value the inspector finds in it
 * (so an `.env` line or a pasted config finds the secret inside). The same key as the gateway's
 * (`AIRLOCK_FINGERPRINT_KEY` or the data directory's key file) must be available, or nothing
 * can match. The value is never stored or printed.
 */
export function fingerprintValues(text: string, loaded: LoadedConfig, env: Record<string, string | undefined>): string[] {
  const inspector = createInspector({ config: loaded.config.inspect, fingerprintKey: loadFingerprintKey(loaded.dataDir, env) });
  const values = new Set<string>();
  const whole = text.trim();
  if (whole !== '') values.add(whole);
  for (const line of text.split(/\r?\n/)) if (line.trim() !== '') values.add(line.trim());
  const fingerprints = new Set([...values].map((value) => inspector.fingerprint(value)));
  for (const finding of inspector.inspectText(text, { role: 'file' })) if (!finding.region) fingerprints.add(finding.fingerprint);
  return [...fingerprints];
}

/** Decrypts captured content when the capture key is present; otherwise says why not. */
function revealContent(found: FoundRecord, keyEnv: string, env: Record<string, string | undefined>): AuditRecord {
  const { record, sealed } = found;
  if (sealed.prompt === null && sealed.completion === null) return record;
  const cipher = loadCaptureCipher(keyEnv, env);
  if (!cipher) return { ...record, content: { prompt: `(encrypted; set ${keyEnv} to read it)` } };
  const open = (stored: string | null, kind: string): unknown => {
    if (stored === null) return undefined;
    try {
      return JSON.parse(cipher.decrypt(stored, createCaptureAssociatedData(record.requestId, kind))) as unknown;
    } catch (error) {
      return `(cannot decrypt: ${error instanceof Error ? error.message : 'error'})`;
    }
  };
  const prompt = open(sealed.prompt, sealed.decisionKind) as { prompt?: unknown } | undefined;
  const completion = open(sealed.completion, 'outcome') as { completion?: unknown } | undefined;
  return {
    ...record,
    content: {
      prompt: typeof prompt === 'object' && prompt ? prompt.prompt : prompt,
      completion: typeof completion === 'object' && completion ? completion.completion : completion,
    },
  };
}
