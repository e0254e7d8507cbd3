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
    config: keyedConfig({ kind: 'redis', url: process.env['AIRLOCK_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379', keyPrefix: `airlock-bench:${process.pid}:` }),
    env: { AIRLOCK_ADMIN_KEYS: BENCH_ADMIN_KEY },
    headers: createBenchKey,
  },
];
