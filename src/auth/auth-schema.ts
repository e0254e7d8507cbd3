import { z } from 'zod';
import { keyAuthSchema } from '../config/store-schema.js';

/**
 * The `auth` section: who may call the gateway. Virtual keys live in the store (see `airlock keys`);
 * this section says whether anonymous use is allowed, where admin keys come from, and which OIDC
 * issuer's tokens are accepted (SSO).
 */

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');

const limitValue = z.number().int().nonnegative().nullable().optional();

export const oidcSchema = z
  .object({
    issuer: z.url().describe('The issuer (`iss`) tokens must carry, e.g. https://login.example.com/realms/eng.'),
    audience: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe('The audience (`aud`) tokens must be issued for: the client id Airlock is registered as.'),
    jwksUri: z
      .url()
      .optional()
      .describe("Where the issuer's signing keys are published; default: jwks_uri from <issuer>/.well-known/openid-configuration."),
    userClaim: z.string().min(1).default('sub').describe('Claim naming the user (e.g. sub, email, preferred_username).'),
    teamsClaim: z
      .string()
      .min(1)
      .default('groups')
      .describe(
        'Claim listing the teams (a string or an array of strings; dotted paths reach nested claims). The first is the team limits, budgets and usage are charged to.',
      ),
    adminTeams: z.array(z.string().min(1)).default([]).describe('Members of any of these teams may use the admin API with their token.'),
    algorithms: z
      .array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']))
      .default(['RS256', 'ES256'])
      .describe('Signature algorithms accepted (never "none" or HMAC: the JWKS holds public keys).'),
    clockToleranceSeconds: z.number().int().min(0).max(300).default(30).describe('Allowed clock skew for exp/nbf/iat.'),
    userLimits: z
      .object({ rpm: limitValue, tpm: limitValue, concurrency: limitValue })
      .strict()
      .optional()
      .describe('Per-user rate limits for SSO users (keys carry their own limits).'),
  })
  .strict();

export const authSchema = keyAuthSchema
  .extend({
    anonymous: z
      .boolean()
      .optional()
      .describe(
        'Allow requests without credentials. Unset: allowed only when every listener is bound to loopback and no credentials are configured (no OIDC, no admin keys, no key in the store). Binding to another address without credentials is refused at start unless this is true.',
      ),
    adminKeysEnv: envName
      .default('AIRLOCK_ADMIN_KEYS')
      .describe(
        'Environment variable holding the admin API keys: comma-separated, each `secret` or `name:secret` (secrets of 24+ characters).',
      ),
    oidc: oidcSchema.optional().describe('Accept JWTs from this OpenID Connect issuer (SSO) as credentials.'),
  })
  .strict();

export type AuthConfig = z.output<typeof authSchema>;
export type OidcConfig = z.output<typeof oidcSchema>;
