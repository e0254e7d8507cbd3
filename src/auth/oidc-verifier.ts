import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AirlockError } from '../errors/airlock-error.js';
import type { Logger } from '../telemetry/logger.js';
import type { OidcConfig } from './auth-schema.js';
import { CHALLENGE_HEADERS } from './read-credential.js';

/** Who a verified token says the caller is. */
export interface OidcIdentity {
  user: string;
  /** In the order of the claim; the first is the team charged for usage. */
  teams: string[];
}

export interface OidcVerifier {
  /** Verifies signature, issuer, audience and expiry; throws UNAUTHENTICATED or AUTH_UNAVAILABLE. */
  verify(token: string): Promise<OidcIdentity>;
}

export interface OidcVerifierOptions {
  logger?: Logger;
  /** For tests: the time tokens are checked against. */
  clock?: () => number;
  /** How long the JWKS is trusted before it is fetched again (jose's cacheMaxAge, default 10 min). */
  jwksCacheMaxAgeMs?: number;
  /** After a fetch, how long an unknown key id waits before the JWKS is fetched again (default 30 s). */
  jwksCooldownMs?: number;
  /** After a failed discovery, how long requests fail fast before it is tried again (default 5 s). */
  discoveryRetryMs?: number;
}

const FETCH_TIMEOUT_MS = 5_000;
const MAX_TEAMS = 100;
const MAX_NAME_LENGTH = 256;

/** jose's failures meaning "the keys could not be fetched", as opposed to "the token is bad". */
const UNAVAILABLE_CODES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID']);

function refuse(message: string): AirlockError {
  return new AirlockError('UNAUTHENTICATED', message, { headers: { ...CHALLENGE_HEADERS } });
}

function unavailable(cause: unknown): AirlockError {
  return new AirlockError('AUTH_UNAVAILABLE', 'The identity provider cannot be reached to verify the token.', {
    cause,
    isRetryable: true,
    retryAfter: 5,
  });
}

/**
 * Verifies JWTs from one OpenID Connect issuer. The signing keys come from the configured JWKS
 * URL or from the issuer's discovery document, and are cached by jose's `createRemoteJWKSet`
 * (refetched when stale or when a token names an unknown key id, at most every 30 s). Tokens must
 * carry `exp`; `iss`, `aud` and the algorithm are checked. Nothing about a token is ever logged.
 */
export function createOidcVerifier(config: OidcConfig, options: OidcVerifierOptions = {}): OidcVerifier {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  let failedAt = -Infinity;

  function resolveKeySet(): Promise<JWTVerifyGetKey> {
    if (keySet === undefined) {
      if (Date.now() - failedAt < (options.discoveryRetryMs ?? 5_000))
        return Promise.reject(unavailable(new Error('discovery failed recently')));
      keySet = discoverJwksUri(config).then((uri) =>
        createRemoteJWKSet(new URL(uri), {
          timeoutDuration: FETCH_TIMEOUT_MS,
          ...(options.jwksCacheMaxAgeMs === undefined ? {} : { cacheMaxAge: options.jwksCacheMaxAgeMs }),
          ...(options.jwksCooldownMs === undefined ? {} : { cooldownDuration: options.jwksCooldownMs }),
        }),
      );
      keySet.catch((error: unknown) => {
        keySet = undefined;
        failedAt = Date.now();
        options.logger?.error({ err: error, issuer: config.issuer }, 'OIDC discovery failed');
      });
    }
    return keySet;
  }

  return {
    async verify(token: string): Promise<OidcIdentity> {
      const getKey = await resolveKeySet();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: config.algorithms,
          clockTolerance: config.clockToleranceSeconds,
          requiredClaims: ['exp'],
          ...(options.clock === undefined ? {} : { currentDate: new Date(options.clock()) }),
        }));
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code !== 'string' || !code.startsWith('ERR_') || UNAVAILABLE_CODES.has(code)) {
          options.logger?.error({ err: error, issuer: config.issuer }, 'could not fetch the OIDC signing keys');
          throw unavailable(error);
        }
        throw refuse(code === 'ERR_JWT_EXPIRED' ? 'The token has expired.' : 'The token is not valid for this gateway.');
      }
      return readIdentity(config, payload);
    },
  };
}

/** The JWKS URL: configured, or from the issuer's discovery document (whose issuer must match). */
async function discoverJwksUri(config: OidcConfig): Promise<string> {
  if (config.jwksUri !== undefined) return config.jwksUri;
  const url = `${config.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
    if (response.status !== 200) throw new Error(`discovery answered ${response.status}`);
    document = (await response.json()) as typeof document;
  } catch (error) {
    throw unavailable(error);
  }
  if (document.issuer !== config.issuer || typeof document.jwks_uri !== 'string') {
    throw unavailable(new Error('the discovery document does not match the configured issuer or has no jwks_uri'));
  }
  return document.jwks_uri;
}

function readClaim(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  let node: unknown = payload;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH;
}

/** Maps the claims to a user and teams; a token without a usable user claim is refused. */
export function readIdentity(config: Pick<OidcConfig, 'userClaim' | 'teamsClaim'>, payload: JWTPayload): OidcIdentity {
  const user = readClaim(payload, config.userClaim);
  if (!isName(user)) throw refuse(`The token has no usable "${config.userClaim}" claim.`);
  const claim = readClaim(payload, config.teamsClaim);
  const listed = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim : [];
  const teams = [...new Set(listed.filter(isName))].slice(0, MAX_TEAMS);
  return { user, teams };
}
