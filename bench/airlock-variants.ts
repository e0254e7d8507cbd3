// The Airlock configurations the benchmark runs, each against the same fast upstream.
export interface AirlockVariant {
  id: string;
  label: string;
  config(upstreamUrl: string, dataDir: string): Record<string, unknown>;
  env?: Record<string, string>;
  /** Extra request headers (e.g. a virtual key created for the run). */
  headers?: (gatewayUrl: string, configFile: string) => Promise<Record<string, string>>;
}

function baseConfig(upstreamUrl: string, dataDir: string): Record<string, unknown> {
  return {
    dataDir,
    log: { level: 'warn' },
    // Off here so each variant measures one thing; the audit variants turn it on.
    audit: { enabled: false },
    destinations: {
      upstream: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${upstreamUrl}/v1`, retries: { max: 0 } },
    },
    models: { bench: { destination: 'upstream', upstream: 'bench-model' } },
  };
}

const BENCH_ADMIN_KEY = 'bench-admin-key-not-a-secret-0001';

/**
 * Identity and limits on: a virtual key is required, and it carries rpm, tpm and concurrency
 * limits and a budget high enough never to refuse, so every request pays for the checks.
 */
function keyedConfig(limits: Record<string, unknown>) {
  return (upstreamUrl: string, dataDir: string): Record<string, unknown> => ({
    ...baseConfig(upstreamUrl, dataDir),
    auth: { anonymous: false },
    limits,
  });
}

/** Creates the run's virtual key through the admin API and sends it as a bearer token. */
async function createBenchKey(gatewayUrl: string): Promise<Record<string, string>> {
  const response = await fetch(`${gatewayUrl}/admin/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      user: 'bench',
      team: 'bench',
      limits: { rpm: 100_000_000, tpm: 100_000_000_000, concurrency: 10_000 },
      budget: { period: 'month', softUsd: 1_000_000, hardUsd: 2_000_000 },
    }),
  });
  if (response.status !== 201) throw new Error(`could not create the bench key: ${response.status} ${await response.text()}`);
  const { key } = (await response.json()) as { key: string };
  return { authorization: `Bearer ${key}` };
}

/**
 * The audit log on (as it is by default): every request's decision is committed before dispatch
 * and its outcome after, hash-chained, with group commit. `synchronous` full fsyncs every commit
 * (the default: durable across power loss); normal survives a crash of the process only.
 */
function auditedConfig(store: Record<string, unknown>) {
  return (upstreamUrl: string, dataDir: string): Record<string, unknown> => ({
    ...baseConfig(upstreamUrl, dataDir),
    audit: { enabled: true },
    store,
  });
}

const BENCH_DATABASE_URL = process.env['AIRLOCK_BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export const airlockVariants: AirlockVariant[] = [
  { id: 'core', label: 'inspection on every request', config: baseConfig },
  {
    id: 'keys-memory',
    label: 'virtual key + limits and budget in memory',
    config: keyedConfig({ kind: 'memory' }),
    env: { AIRLOCK_ADMIN_KEYS: BENCH_ADMIN_KEY },
    headers: createBenchKey,
  },
  {
    id: 'keys-redis',
    label: 'virtual key + limits and budget in Redis',
    // A prefix per run, so runs never share counters (the keys expire with their windows).
    config: keyedConfig({
      kind: 'redis',
      url: process.env['AIRLOCK_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      keyPrefix: `airlock-bench:${process.pid}:`,
    }),
    env: { AIRLOCK_ADMIN_KEYS: BENCH_ADMIN_KEY },
    headers: createBenchKey,
  },
  {
    id: 'audit',
    label: 'inspection + audit log, SQLite (fsync per commit)',
    config: auditedConfig({ kind: 'sqlite', synchronous: 'full' }),
  },
  {
    id: 'audit-normal',
    label: 'inspection + audit log, SQLite synchronous=normal',
    config: auditedConfig({ kind: 'sqlite', synchronous: 'normal' }),
  },
  {
    id: 'audit-postgres',
    label: 'inspection + audit log, PostgreSQL',
    // A schema per run, so runs never share a chain.
    config: auditedConfig({ kind: 'postgres', urlEnv: 'AIRLOCK_DATABASE_URL', schema: `airlock_bench_${process.pid}` }),
    env: { AIRLOCK_DATABASE_URL: BENCH_DATABASE_URL },
  },
];
