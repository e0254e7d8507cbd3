import { z } from 'zod';
import { inspectSchema } from './inspect-schema.js';
import { BUILT_IN_POLICY, policySchema } from '../policy/schema.js';
import { limitsSchema, pricingSchema, storeSchema } from './store-schema.js';
import { authSchema } from '../auth/auth-schema.js';
import { auditSchema } from '../audit/audit-schema.js';

/**
 * The one schema of Airlock's configuration. Types are inferred from it, `airlock config schema`
 * prints it as JSON Schema, and it is validated once at start and then frozen. Secrets are never
 * written here: fields ending in `Env` name the environment variable that holds them.
 */

const durationMs = z.number().int().positive();

export const tierSchema = z
  .enum(['local', 'enterprise', 'consumer'])
  .describe(
    'local: data stays in the organisation; enterprise: cloud API under a no-training, contractually bounded retention; consumer: never acceptable for company code unless explicitly allowed.',
  );

export const retentionSchema = z
  .union([z.literal('zero'), z.number().int().nonnegative()])
  .describe('How long the destination keeps request data: "zero" or a number of days.');

export const timeoutsSchema = z
  .object({
    connectMs: durationMs.default(10_000).describe('Time to open the TCP/TLS connection.'),
    firstByteMs: durationMs.default(120_000).describe('Time until response headers arrive.'),
    totalMs: durationMs.default(600_000).describe('Time for the whole response, streaming included.'),
  })
  .strict();

export const retriesSchema = z
  .object({
    max: z.number().int().min(0).max(10).default(2).describe('Retries after the first attempt, for retryable failures.'),
    baseDelayMs: z.number().int().min(0).default(250),
    maxDelayMs: z.number().int().min(0).default(4_000),
  })
  .strict();

const destinationCommon = {
  tier: tierSchema,
  retention: retentionSchema,
  timeouts: timeoutsSchema.default({ connectMs: 10_000, firstByteMs: 120_000, totalMs: 600_000 }),
  retries: retriesSchema.default({ max: 2, baseDelayMs: 250, maxDelayMs: 4_000 }),
};

const httpDestination = {
  ...destinationCommon,
  baseUrl: z.url().describe('Base URL of the API.'),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional()
    .describe('Name of the environment variable holding the API key (never the key itself).'),
  headers: z.record(z.string(), z.string()).default({}).describe('Extra request headers (no secrets: use apiKeyEnv).'),
};

export const embeddedDestinationSchema = z
  .object({
    kind: z.literal('embedded'),
    ...destinationCommon,
    tier: tierSchema.default('local'),
    retention: retentionSchema.default('zero'),
    modelPath: z.string().min(1).describe('Path to a GGUF file (relative paths are resolved from the config file).'),
    contextSize: z.number().int().min(512).default(2048).describe('Context window in tokens (at least 512).'),
    threads: z.number().int().min(1).default(1).describe('CPU threads for inference.'),
    gpu: z.boolean().default(false).describe('Use a GPU build of llama.cpp when one is installed.'),
    maxConcurrent: z.number().int().min(1).default(1).describe('Parallel sequences served at once.'),
  })
  .strict();

export const ollamaDestinationSchema = z
  .object({ kind: z.literal('ollama'), ...httpDestination, tier: tierSchema.default('local'), retention: retentionSchema.default('zero') })
  .strict();

export const openaiCompatibleDestinationSchema = z
  .object({
    kind: z.literal('openai-compatible'),
    ...httpDestination,
    azure: z
      .object({ apiVersion: z.string().min(1), deployment: z.string().optional() })
      .strict()
      .optional()
      .describe('Azure OpenAI: api-version query and api-key header instead of a bearer token.'),
  })
  .strict();

export const anthropicDestinationSchema = z
  .object({
    kind: z.literal('anthropic'),
    ...httpDestination,
    version: z.string().default('2023-06-01').describe('The anthropic-version header.'),
  })
  .strict();

export const bedrockDestinationSchema = z
  .object({
    kind: z.literal('bedrock'),
    ...destinationCommon,
    tier: tierSchema.default('enterprise'),
    retention: retentionSchema
      .default('zero')
      .describe('Bedrock keeps no prompts or answers; an account that turns on model invocation logging must declare its retention here.'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as us-east-1')
      .describe('AWS region of the Bedrock runtime (https://bedrock-runtime.REGION.amazonaws.com).'),
    endpoint: z.url().optional().describe('Endpoint override (a VPC endpoint, or a test server); the region still signs requests.'),
    profile: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Profile in the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials). Unset: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the AWS_PROFILE (or default) profile. Keys are never written here.',
      ),
  })
  .strict();

export const destinationSchema = z.discriminatedUnion('kind', [
  embeddedDestinationSchema,
  ollamaDestinationSchema,
  openaiCompatibleDestinationSchema,
  anthropicDestinationSchema,
  bedrockDestinationSchema,
]);

export const modelSchema = z
  .object({
    destination: z.string().min(1).describe('Name of a destination.'),
    upstream: z.string().min(1).optional().describe('The model name the destination knows (defaults to this name).'),
    aliases: z.array(z.string().min(1)).default([]),
    fallbacks: z.array(z.string().min(1)).default([]).describe('Model names tried in order when this one fails.'),
    kind: z.enum(['chat', 'embedding']).default('chat'),
    contextWindow: z.number().int().positive().optional(),
  })
  .strict();

export const ollamaListenerSchema = z
  .object({
    host: z.string().default('127.0.0.1').describe('Address the Ollama-compatible listener binds.'),
    port: z
      .number()
      .int()
      .min(0)
      .max(65_535)
      .optional()
      .describe(
        'Port of the Ollama-compatible listener (0 picks a free one). Unset: 11434 when free; if a real Ollama holds it, Airlock runs without this listener. A port set here that is taken fails start.',
      ),
    allowedHosts: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Host names accepted in the Host header besides localhost, 127.0.0.1, [::1] and 0.0.0.0 (DNS-rebinding guard); "*" accepts any.',
      ),
    allowedOrigins: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Browser origins allowed by CORS besides local ones and app://, file://, tauri://, vscode-webview://, vscode-file:// (like OLLAMA_ORIGINS; "*" wildcards allowed).',
      ),
  })
  .strict();

export const serverSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8080),
    bodyLimit: z
      .number()
      .int()
      .positive()
      .default(8 * 1024 * 1024)
      .describe('Largest request body in bytes, after decompression.'),
    requestTimeoutMs: durationMs.default(30_000).describe('Time a client has to send its whole request.'),
    shutdownGraceMs: durationMs.default(30_000).describe('How long SIGTERM waits for in-flight requests.'),
    trustProxy: z.boolean().default(false),
    ollama: z
      .union([z.literal(false), ollamaListenerSchema])
      .default(ollamaListenerSchema.parse({}))
      .describe("Ollama's API on its own listener (default 127.0.0.1:11434 when free); false turns it off."),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    server: serverSchema.default(serverSchema.parse({})),
    dataDir: z.string().optional().describe('Where the embedded store lives (default ~/.airlock).'),
    allowConsumer: z
      .boolean()
      .default(false)
      .describe('Allow destinations of tier "consumer". Off by default; turning it on logs a warning at start.'),
    destinations: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), destinationSchema),
    models: z.record(z.string().min(1), modelSchema),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
    store: storeSchema.default(storeSchema.parse({})).describe('Keys, teams, usage and audit: SQLite (default) or PostgreSQL.'),
    limits: limitsSchema.default(limitsSchema.parse({})).describe('Rate limits and budgets: in memory (default) or Redis.'),
    pricing: pricingSchema,
    auth: authSchema.default(authSchema.parse({})).describe('Who may call: anonymous use, admin keys, the key cache and SSO (OIDC).'),
    inspect: inspectSchema
      .default(inspectSchema.parse({}))
      .describe('Detector settings: organisation markers, internal domains, classification mapping.'),
    policy: policySchema
      .default(policySchema.parse(BUILT_IN_POLICY))
      .describe('Where each request may go; the built-in policy applies when absent.'),
    audit: auditSchema
      .default(auditSchema.parse({}))
      .describe('The tamper-evident audit log: signing, capture, retention and forwarding to a SIEM (docs/audit.md).'),
    metrics: z
      .object({
        enabled: z
          .boolean()
          .default(false)
          .describe('Serve Prometheus metrics at GET /admin/metrics (an admin credential is required to read them).'),
      })
      .strict()
      .default({ enabled: false })
      .describe('Prometheus metrics: requests, latency, time to first streamed event, tokens and findings by type.'),
  })
  .strict();

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type DestinationConfig = z.output<typeof destinationSchema>;
export type ModelConfig = z.output<typeof modelSchema>;
export type Tier = z.output<typeof tierSchema>;
export type Retention = z.output<typeof retentionSchema>;
export type OllamaListenerConfig = z.output<typeof ollamaListenerSchema>;
