import { z } from 'zod';

/**
 * Configuration of the store (keys, teams, usage, admin events, later the audit log), the limiter
 * (rate limits and budgets), the pricing table and the key cache. Every field has a default, so
 * `{}` means the embedded deployment: SQLite in the data directory and in-memory limits.
 */

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');

export const failModeSchema = z
  .enum(['closed', 'open'])
  .default('closed')
  .describe(
    'What happens when the backend is unreachable. closed (default): requests are refused with STORE_UNAVAILABLE / LIMITS_UNAVAILABLE. open: requests go on without the check, and a warning is logged for each.',
  );

export const sqliteStoreSchema = z
  .object({
    kind: z.literal('sqlite').default('sqlite'),
    path: z.string().min(1).optional().describe('SQLite file (default: <dataDir>/airlock.db).'),
    synchronous: z
      .enum(['full', 'normal'])
      .default('full')
      .describe(
        'full (default): every commit is fsynced, so a power cut loses nothing acknowledged. normal: faster, survives a crash of the process but not of the machine.',
      ),
    busyTimeoutMs: z.number().int().min(0).default(5_000).describe('How long a write waits for another process holding the lock.'),
    failMode: failModeSchema,
  })
  .strict();

export const postgresStoreSchema = z
  .object({
    kind: z.literal('postgres'),
    urlEnv: envName.default('AIRLOCK_DATABASE_URL').describe('Environment variable holding the postgres:// connection string.'),
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .default('public')
      .describe('PostgreSQL schema holding Airlock’s tables.'),
    poolSize: z.number().int().min(1).max(200).default(10),
    connectTimeoutMs: z.number().int().positive().default(2_000),
    queryTimeoutMs: z.number().int().positive().default(5_000).describe('Longest a query may take before it fails with STORE_UNAVAILABLE.'),
    failMode: failModeSchema,
  })
  .strict();

export const storeSchema = z.discriminatedUnion('kind', [sqliteStoreSchema, postgresStoreSchema]);

export const memoryLimitsSchema = z.object({ kind: z.literal('memory').default('memory'), failMode: failModeSchema }).strict();

export const redisLimitsSchema = z
  .object({
    kind: z.literal('redis'),
    urlEnv: envName.optional().describe('Environment variable holding the redis:// URL (use this when it has a password).'),
    url: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .refine((value) => !/^rediss?:\/\/[^/@]*:[^/@]*@/.test(value), 'must not contain a password: use urlEnv')
      .optional()
      .describe('redis:// URL without a password (default redis://127.0.0.1:6379).'),
    keyPrefix: z.string().min(1).default('airlock:').describe('Prefix of every Redis key Airlock writes.'),
    connectTimeoutMs: z.number().int().positive().default(2_000),
    commandTimeoutMs: z.number().int().positive().default(500).describe('Longest a limit check may wait for Redis.'),
    failMode: failModeSchema,
  })
  .strict();

export const limitsSchema = z.discriminatedUnion('kind', [memoryLimitsSchema, redisLimitsSchema]);

export const modelPriceSchema = z
  .object({
    inputPerMillionUsd: z.number().nonnegative().describe('USD per million input tokens.'),
    outputPerMillionUsd: z.number().nonnegative().describe('USD per million output tokens.'),
  })
  .strict();

export const pricingSchema = z
  .record(z.string().min(1), z.record(z.string().min(1), modelPriceSchema))
  .default({})
  .describe(
    'Prices by destination name, then upstream model name ("*" for any other model of that destination). Models without a price cost zero (local models) and are reported as unpriced.',
  );

export const keyAuthSchema = z
  .object({
    keyCacheTtlMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(2_000)
      .describe('How long a replica trusts a key lookup; also the longest a revoked key keeps working on another replica.'),
    keyCacheMaxEntries: z.number().int().min(0).default(10_000),
  })
  .strict();

export type StoreConfig = z.output<typeof storeSchema>;
export type SqliteStoreConfig = z.output<typeof sqliteStoreSchema>;
export type PostgresStoreConfig = z.output<typeof postgresStoreSchema>;
export type LimitsConfig = z.output<typeof limitsSchema>;
export type RedisLimitsConfig = z.output<typeof redisLimitsSchema>;
export type PricingConfig = z.output<typeof pricingSchema>;
export type ModelPrice = z.output<typeof modelPriceSchema>;
export type KeyAuthConfig = z.output<typeof keyAuthSchema>;
export type FailMode = z.output<typeof failModeSchema>;
