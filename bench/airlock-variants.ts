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

export const airlockVariants: AirlockVariant[] = [
  { id: 'core', label: 'inspection on every request', config: baseConfig },
];
