import { AirlockError } from '../errors/airlock-error.js';
import type { AuthenticationFailure } from '../identity/authenticate-key.js';
import type { KeyAuthenticator } from '../identity/key-authenticator.js';
import { isWellFormedApiKey } from '../identity/keys.js';
import type { Principal, RequestContext } from '../pipeline/request-context.js';
import type { OidcConfig } from './auth-schema.js';
import { convertKeyPrincipal, convertOidcPrincipal } from './convert-principal.js';
import type { OidcVerifier } from './oidc-verifier.js';
import { CHALLENGE_HEADERS, looksLikeJwt, readCredential, type RequestHeaders } from './read-credential.js';
import type { TeamCache } from './team-cache.js';
import type { TeamRecord } from '../store/types.js';
import type { Logger } from '../telemetry/logger.js';

export interface AuthenticationOptions {
  /** Requests without credentials are served (anonymously) instead of refused. */
  anonymous: boolean;
  keys: KeyAuthenticator;
  oidc?: { verifier: OidcVerifier; config: OidcConfig };
  teams: TeamCache;
  /** The store's fail mode: open lets an SSO user in without team limits while the store is down. */
  storeFailMode?: 'closed' | 'open';
  logger?: Logger;
}

export type AuthenticationHook = (context: RequestContext, headers: RequestHeaders) => Promise<void>;

const ANONYMOUS: Principal = Object.freeze({ anonymous: true, via: 'anonymous' as const });

const FAILURE_MESSAGES: Record<AuthenticationFailure, string> = {
  unknown: 'The API key is not valid.',
  revoked: 'The API key has been revoked.',
  expired: 'The API key has expired.',
};

const IDENTITY_HEADER_VALUE = /^[^\u0000-\u001f\u007f]{1,128}$/;

function refuse(message: string): AirlockError {
  return new AirlockError('UNAUTHENTICATED', message, { headers: { ...CHALLENGE_HEADERS } });
}

/**
 * Authentication of model requests, run at their first byte (before the body is read). A virtual
 * key (`alk_…`) is checked against the store through the cached key authenticator; a JWT against
 * the OIDC issuer. Without credentials the request is refused, unless anonymous use is allowed.
 * In anonymous mode a credential that is neither an Airlock key nor (with OIDC) a JWT is ignored,
 * because SDKs insist on sending some placeholder key; an Airlock key or JWT is still verified,
 * so a revoked key is refused rather than served anonymously.
 */
export function createAuthenticationHook(options: AuthenticationOptions): AuthenticationHook {
  const { keys, oidc, teams } = options;

  async function authenticateKey(credential: string): Promise<Principal> {
    const result = await keys.authenticate(credential);
    if (!result.ok) throw refuse(FAILURE_MESSAGES[result.reason]);
    return convertKeyPrincipal(result.principal);
  }

  async function authenticateToken(credential: string, verifier: OidcVerifier, config: OidcConfig): Promise<Principal> {
    const identity = await verifier.verify(credential);
    const primary = identity.teams[0];
    const team = primary === undefined ? null : await readTeam(primary);
    return convertOidcPrincipal(identity, team, config.userLimits);
  }

  async function readTeam(id: string): Promise<TeamRecord | null> {
    try {
      return await teams.get(id);
    } catch (error) {
      if (options.storeFailMode !== 'open' || !(error instanceof AirlockError) || error.code !== 'STORE_UNAVAILABLE') throw error;
      options.logger?.warn(
        { team: id, code: 'STORE_UNAVAILABLE' },
        'store unavailable: SSO user served without team limits (failMode open)',
      );
      return null;
    }
  }

  return async function authenticate(context: RequestContext, headers: RequestHeaders): Promise<void> {
    const credential = readCredential(headers);
    if (credential !== undefined && isWellFormedApiKey(credential)) {
      context.principal = await authenticateKey(credential);
    } else if (credential !== undefined && oidc !== undefined && looksLikeJwt(credential)) {
      context.principal = await authenticateToken(credential, oidc.verifier, oidc.config);
    } else if (options.anonymous) {
      context.principal = readAnonymousPrincipal(headers);
    } else {
      throw refuse(
        credential === undefined
          ? 'Authentication required: send an Airlock key as "Authorization: Bearer <key>" or "x-api-key: <key>".'
          : 'The API key is not valid.',
      );
    }
  };
}

/**
 * An anonymous principal, named by the `x-airlock-user` / `x-airlock-team` headers when present.
 * They are untrusted (anyone who can reach the gateway can send them): they label usage and
 * select policy rules, so where anonymous use is allowed a policy must not rely on them to grant
 * anything. They carry no limits or budgets. With credentials, they are ignored.
 */
export function readAnonymousPrincipal(headers: RequestHeaders): Principal {
  const user = readIdentityHeader(headers, 'x-airlock-user');
  const team = readIdentityHeader(headers, 'x-airlock-team');
  if (user === undefined && team === undefined) return ANONYMOUS;
  return {
    anonymous: true,
    via: 'anonymous',
    ...(user === undefined ? {} : { user }),
    ...(team === undefined ? {} : { team, teams: [team] }),
  };
}

function readIdentityHeader(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !IDENTITY_HEADER_VALUE.test(value)) {
    throw new AirlockError('INVALID_REQUEST', `The ${name} header must be one value of 1 to 128 printable characters.`, { param: name });
  }
  return value;
}
