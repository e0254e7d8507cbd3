import { ConfigError } from '../config/config-error.js';
import type { LoadedConfig } from '../config/load-config.js';
import { AirlockError } from '../errors/airlock-error.js';
import { createPricing } from '../identity/pricing.js';
import type { RequestContext } from '../pipeline/request-context.js';
import type { RequestOutcome } from '../pipeline/request-trace.js';
import type { Logger } from '../telemetry/logger.js';
import { createEntryFields, type EntryFields } from './audit-entry.js';
import { AuditWriter } from './audit-writer.js';
import { buildDecisionFields, buildOutcomeFields, computeStartTime, listFingerprints } from './build-entry-fields.js';
import { createCaptureAssociatedData, loadCaptureCipher, type CaptureCipher } from './capture-cipher.js';
import { claimChain } from './chain-lease.js';
import { startForwarders, type ForwarderSet } from './forward/start-forwarders.js';
import { loadSigningKey, type SigningKey } from './signing-key.js';
import type { AuditStore } from './store/audit-store.js';
import { openAuditStore } from './store/open-audit-store.js';

/**
 * The audit stage of the pipeline. Its three hooks give every request exactly one record:
 * - beforeDispatch (last of the hooks, after limits): the decision entry, durable before anything
 *   leaves; if it cannot be written the request is refused with AUDIT_UNAVAILABLE (fail closed).
 * - beforeReply: a request refused before dispatch (blocked, rate limited, invalid) gets its one
 *   `complete` entry durably before the refusal is sent, so a crash cannot lose it.
 * - afterResponse: the outcome completes a dispatched request's record (or writes the complete
 *   entry of a request whose client left before any reply).
 */
export interface Auditor {
  readonly replica: string;
  readonly signingKey: SigningKey;
  readonly store: AuditStore;
  readonly writer: AuditWriter;
  readonly forwarders: ForwarderSet;
  beforeDispatch(context: RequestContext): Promise<void>;
  beforeReply(context: RequestContext, status: number): Promise<void>;
  afterResponse(context: RequestContext, outcome: RequestOutcome): void;
  close(): Promise<void>;
}

export interface StartAuditorOptions {
  loaded: LoadedConfig;
  logger: Logger;
  env?: Record<string, string | undefined>;
}

interface RequestState {
  decided: boolean;
  recorded: boolean;
}

const ORPHAN_WINDOW = 100_000;

export async function startAuditor(options: StartAuditorOptions): Promise<Auditor> {
  const { loaded, logger } = options;
  const env = options.env ?? process.env;
  const config = loaded.config.audit;
  const signingKey = loadSigningKey(config.signingKeyEnv, loaded.dataDir, env);
  if (!signingKey) throw new Error('unreachable: the signing key is created when missing');
  const cipher = loadCaptureCipher(config.capture.keyEnv, env);
  if (!cipher && loaded.config.policy.rules.some((rule) => rule.capture)) {
    throw new ConfigError(loaded.source, [
      {
        path: 'audit.capture.keyEnv',
        message: `a policy rule captures content, but ${config.capture.keyEnv} (the key that encrypts it) is not set`,
      },
    ]);
  }
  const store = await openAuditStore(loaded.config.store, { dataDir: loaded.dataDir, configDir: loaded.configDir, env, logger });
  const leaseMs = config.leaseSeconds * 1_000;
  const claimOptions = { ...(config.replicaId ? { replicaId: config.replicaId } : {}), leaseMs };
  let writer: AuditWriter;
  try {
    const claim = await claimChain(store.executor, claimOptions);
    writer = new AuditWriter({
      store,
      claim,
      claimOptions,
      signingKey,
      maxBatch: config.maxBatch,
      checkpointEveryRecords: config.checkpoint.everyRecords,
      checkpointEveryMs: config.checkpoint.everySeconds * 1_000,
      leaseMs,
      logger,
    });
    await closeOrphanedDecisions(store, writer, claim.head.seq);
  } catch (error) {
    await store.close();
    throw error;
  }
  if (loaded.config.store.kind === 'postgres') warnAboutLocalKeys(config.signingKeyEnv, env, logger);
  const forwarders = startForwarders(config.forward, { store, writer, env, logger });
  logger.info({ replica: writer.replica, signer: signingKey.id, signingKey: signingKey.source }, 'audit log ready');
  return createHooks({
    store,
    writer,
    signingKey,
    cipher,
    forwarders,
    logger,
    pricing: createPricing(loaded.config.pricing),
    maxChars: config.capture.maxChars,
  });
}

interface HookDependencies {
  store: AuditStore;
  writer: AuditWriter;
  signingKey: SigningKey;
  cipher: CaptureCipher | undefined;
  forwarders: ForwarderSet;
  logger: Logger;
  pricing: ReturnType<typeof createPricing>;
  maxChars: number;
}

function createHooks(dependencies: HookDependencies): Auditor {
  const { writer, logger, pricing } = dependencies;
  const states = new WeakMap<RequestContext, RequestState>();
  const stateOf = (context: RequestContext): RequestState => {
    let state = states.get(context);
    if (!state) {
      state = { decided: false, recorded: false };
      states.set(context, state);
    }
    return state;
  };
  const encrypt = (context: RequestContext, kind: string, content: Record<string, unknown>): string | null => {
    if (!dependencies.cipher || context.trace.decision?.capture !== true) return null;
    return dependencies.cipher.encrypt(JSON.stringify(content), createCaptureAssociatedData(context.id, kind));
  };
  const completeFields = (context: RequestContext, outcome: RequestOutcome): EntryFields =>
    createEntryFields(
      writer.replica,
      'complete',
      computeStartTime(context),
      Object.assign(buildDecisionFields(context), buildOutcomeFields(context, outcome, pricing), {
        content: encrypt(context, 'complete', { prompt: limitTexts(context.trace.inputTexts ?? [], dependencies.maxChars) }),
      }),
    );

  return {
    get replica() {
      return writer.replica;
    },
    signingKey: dependencies.signingKey,
    store: dependencies.store,
    writer,
    async beforeDispatch(context) {
      const state = stateOf(context);
      const fields = createEntryFields(
        writer.replica,
        'decision',
        computeStartTime(context),
        Object.assign(buildDecisionFields(context), {
          content: encrypt(context, 'decision', { prompt: limitTexts(context.trace.inputTexts ?? [], dependencies.maxChars) }),
        }),
      );
      try {
        await writer.append(fields, listFingerprints(context), true);
      } catch (error) {
        logger.error({ requestId: context.id, err: error }, 'audit: decision not recorded; request refused');
        throw new AirlockError('AUDIT_UNAVAILABLE', 'The audit log cannot be written, so the request was not sent anywhere.', {
          cause: error,
          isRetryable: true,
          retryAfter: 1,
        });
      }
      state.decided = true;
    },
    async beforeReply(context, status) {
      const state = stateOf(context);
      if (state.decided || state.recorded) return;
      state.recorded = true;
      const outcome: RequestOutcome = { status, latencyMs: performance.now() - context.startedAt };
      if (context.trace.errorCode) outcome.errorCode = context.trace.errorCode;
      const fields = completeFields(context, outcome);
      const fingerprints = listFingerprints(context);
      try {
        await writer.append(fields, fingerprints, true);
      } catch (error) {
        // The log is down (which may be why this request is refused): the refusal goes out now,
        // and its record waits in the queue until the log can be written again.
        logger.error({ requestId: context.id, err: error }, 'audit: refusal not yet recorded; retrying');
        writer
          .append(fields, fingerprints, false)
          .catch((retryError: unknown) => logger.error({ requestId: context.id, err: retryError }, 'audit: refusal not recorded'));
      }
    },
    afterResponse(context, outcome) {
      const state = stateOf(context);
      if (state.recorded) return;
      state.recorded = true;
      const fields = state.decided
        ? createEntryFields(writer.replica, 'outcome', Date.now(), {
            request_id: context.id,
            ...buildOutcomeFields(context, outcome, pricing),
            content: encrypt(context, 'outcome', { completion: (context.trace.outputText ?? []).join('').slice(0, dependencies.maxChars) }),
          })
        : completeFields(context, outcome);
      writer
        .append(fields, state.decided ? [] : listFingerprints(context), false)
        .catch((error: unknown) => logger.error({ requestId: context.id, err: error }, 'audit: outcome not recorded'));
    },
    forwarders: dependencies.forwarders,
    async close() {
      // Records not yet forwarded stay in the store; the next start delivers them.
      await dependencies.forwarders.stop();
      await writer.close();
      await dependencies.store.close();
    },
  };
}

/**
 * A fleet shares one log, so its replicas must share the keys that make it checkable anywhere:
 * checkpoints signed with a key only one replica's disk holds fail `verify` elsewhere, and
 * fingerprints under per-replica keys make `lookup` miss what other replicas recorded.
 */
function warnAboutLocalKeys(signingKeyEnv: string, env: Record<string, string | undefined>, logger: Logger): void {
  if (!env[signingKeyEnv]) {
    logger.warn(
      { variable: signingKeyEnv },
      'audit checkpoints are signed with a key kept in this replica’s data directory: set the variable on every replica (or list each replica’s audit-signing.pub in audit.verifyKeys) so airlock audit verify can check them anywhere',
    );
  }
  if (!env['AIRLOCK_FINGERPRINT_KEY']) {
    logger.warn(
      'AIRLOCK_FINGERPRINT_KEY is not set: each replica fingerprints findings with its own key, so airlock audit lookup only finds what this replica recorded',
    );
  }
}

/** Captured texts up to `maxChars` in all, the last one cut. */
function limitTexts(texts: readonly string[], maxChars: number): string[] {
  const kept: string[] = [];
  let budget = maxChars;
  for (const text of texts) {
    if (budget <= 0) break;
    kept.push(text.slice(0, budget));
    budget -= text.length;
  }
  return kept;
}

/**
 * Decisions of this chain with no outcome were cut off when the process holding the chain died
 * (a crash, kill -9): their requests get an outcome saying so, so every request still has one
 * complete record. Only the chain's recent tail is searched: older requests were completed.
 */
async function closeOrphanedDecisions(store: AuditStore, writer: AuditWriter, headSeq: number): Promise<void> {
  const rows = await store.executor.query(
    `SELECT d.request_id FROM audit_entries d WHERE d.replica = ? AND d.kind = 'decision' AND d.seq > ? ` +
      `AND NOT EXISTS (SELECT 1 FROM audit_entries o WHERE o.request_id = d.request_id AND o.kind = 'outcome') ORDER BY d.seq`,
    [writer.replica, headSeq - ORPHAN_WINDOW],
  );
  await Promise.all(
    rows.map((row) =>
      writer.append(
        createEntryFields(writer.replica, 'outcome', Date.now(), {
          request_id: String(row.request_id),
          outcome: 'GATEWAY_RESTARTED',
          interrupted: true,
        }),
        [],
        true,
      ),
    ),
  );
}
