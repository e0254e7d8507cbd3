import { z } from 'zod';

/**
 * The `audit:` section of the config. Every field has a default, so `{}` is the embedded
 * deployment: the audit log in the same store as keys and usage, a signing key generated in the
 * data directory, no forwarding. Secrets (signing key, capture key, webhook credentials) are
 * named by environment variable, never written here.
 */

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const positiveInt = z.number().int().positive();

const forwarderCommon = {
  batchSize: z.number().int().min(1).max(10_000).default(100).describe('Records per delivery.'),
  maxBackoffMs: positiveInt.default(60_000).describe('Longest wait between retries of a failed delivery.'),
};

export const syslogForwarderSchema = z
  .object({
    kind: z.literal('syslog'),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/)
      .describe('Names this forwarder’s position in the log (keep it stable).'),
    transport: z.enum(['tcp', 'udp']).default('tcp').describe('tcp: RFC 6587 octet counting; udp: one message per datagram (RFC 5426).'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(514),
    facility: z.number().int().min(0).max(23).default(13).describe('Syslog facility (13: log audit).'),
    structuredDataId: z
      .string()
      .regex(/^[^\s=\]"]+@\d+(\.\d+)*$/)
      .default('airlock@32473')
      .describe('SD-ID of the structured data element (name@private-enterprise-number; 32473 is the documentation number).'),
    ...forwarderCommon,
  })
  .strict();

export const webhookForwarderSchema = z
  .object({
    kind: z.literal('webhook'),
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    url: z.url(),
    authorizationEnv: envName.optional().describe('Environment variable holding the Authorization header value.'),
    headers: z.record(z.string(), z.string()).default({}).describe('Extra headers (no secrets: use authorizationEnv).'),
    timeoutMs: positiveInt.default(10_000),
    ...forwarderCommon,
  })
  .strict();

export const otlpForwarderSchema = z
  .object({
    kind: z.literal('otlp'),
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    endpoint: z.url().describe('OTLP/HTTP base URL; logs are POSTed to <endpoint>/v1/logs as JSON.'),
    headersEnv: envName
      .optional()
      .describe('Environment variable holding extra headers as `name=value,name=value` (like OTEL_EXPORTER_OTLP_HEADERS).'),
    timeoutMs: positiveInt.default(10_000),
    ...forwarderCommon,
  })
  .strict();

export const forwarderSchema = z.discriminatedUnion('kind', [syslogForwarderSchema, webhookForwarderSchema, otlpForwarderSchema]);

export const auditSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Record every request. Turning it off logs a warning at start; there is then no evidence of what went where.'),
    replicaId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/)
      .optional()
      .describe(
        'Names this process’s hash chain (env AIRLOCK_AUDIT__REPLICA_ID). Default: the host name, or <host>-2, <host>-3… when another live process holds it.',
      ),
    signingKeyEnv: envName
      .default('AIRLOCK_AUDIT_SIGNING_KEY')
      .describe(
        'Environment variable holding the Ed25519 private key (PKCS#8 PEM) that signs checkpoints. Unset: one is generated in the data directory.',
      ),
    verifyKeys: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Trusted Ed25519 public keys (SPKI PEM, or base64 of the DER) that `airlock audit verify` accepts checkpoints from, besides the configured signing key.',
      ),
    checkpoint: z
      .object({
        everyRecords: z.number().int().min(1).default(1_000).describe('Sign a checkpoint after this many entries.'),
        everySeconds: z.number().int().min(1).default(30).describe('…or after this long, when anything was written since the last one.'),
      })
      .strict()
      .default({ everyRecords: 1_000, everySeconds: 30 }),
    maxBatch: z.number().int().min(1).max(5_000).default(500).describe('Most entries committed in one transaction (group commit).'),
    leaseSeconds: z
      .number()
      .int()
      .min(3)
      .default(15)
      .describe('A replica that stops renewing its chain for this long is presumed dead; another process may then continue its chain.'),
    retentionDays: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Default age for `airlock audit purge` (records older than this are removed).'),
    capture: z
      .object({
        keyEnv: envName
          .default('AIRLOCK_AUDIT_CAPTURE_KEY')
          .describe(
            'Environment variable holding the AES-256 key (64 hex characters or base64 of 32 bytes) that encrypts captured content.',
          ),
        maxChars: z
          .number()
          .int()
          .min(1)
          .default(200_000)
          .describe('Captured prompt or completion text beyond this many characters is cut.'),
      })
      .strict()
      .default({ keyEnv: 'AIRLOCK_AUDIT_CAPTURE_KEY', maxChars: 200_000 }),
    forward: z
      .array(forwarderSchema)
      .default([])
      .describe('Where finished records are also sent (SIEM): syslog, webhook, OpenTelemetry logs.'),
  })
  .strict()
  .superRefine((audit, context) => {
    const names = new Set<string>();
    audit.forward.forEach((forwarder, index) => {
      if (names.has(forwarder.name))
        context.addIssue({ code: 'custom', path: ['forward', index, 'name'], message: 'forwarder names must be unique' });
      names.add(forwarder.name);
    });
  });

export type AuditConfig = z.output<typeof auditSchema>;
export type ForwarderConfig = z.output<typeof forwarderSchema>;
export type SyslogForwarderConfig = z.output<typeof syslogForwarderSchema>;
export type WebhookForwarderConfig = z.output<typeof webhookForwarderSchema>;
export type OtlpForwarderConfig = z.output<typeof otlpForwarderSchema>;
