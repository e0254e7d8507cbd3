import type { AdminKeys } from '../auth/admin-keys.js';
import type { OidcConfig } from '../auth/auth-schema.js';
import type { OidcVerifier } from '../auth/oidc-verifier.js';
import { CHALLENGE_HEADERS, looksLikeJwt, readCredential, type RequestHeaders } from '../auth/read-credential.js';
import { AirlockError } from '../errors/airlock-error.js';

export interface AdminAuthenticationOptions {
  adminKeys: AdminKeys;
  /** With `auth.oidc.adminTeams`, members of those teams are admins with their SSO token. */
  oidc?: { verifier: OidcVerifier; config: OidcConfig };
  adminKeysEnv: string;
}

/**
 * Authenticates an admin API call and returns its actor for the admin event log: `admin:<name>`
 * for an admin key (compared in constant time), `sso:<user>` for an SSO token of an admin team.
 * Virtual keys are never admins.
 */
export function createAdminAuthenticator(options: AdminAuthenticationOptions): (headers: RequestHeaders) => Promise<string> {
  const adminTeams = new Set(options.oidc?.config.adminTeams ?? []);
  const enabled = options.adminKeys.count > 0 || adminTeams.size > 0;
  return async function authenticateAdmin(headers: RequestHeaders): Promise<string> {
    if (!enabled) {
      throw new AirlockError(
        'UNAUTHENTICATED',
        `The admin API is off: no admin keys are configured (set $${options.adminKeysEnv}) and no auth.oidc.adminTeams.`,
        { headers: { ...CHALLENGE_HEADERS } },
      );
    }
    const credential = readCredential(headers);
    if (credential === undefined) {
      throw new AirlockError('UNAUTHENTICATED', 'The admin API needs an admin key: send "Authorization: Bearer <admin key>".', {
        headers: { ...CHALLENGE_HEADERS },
      });
    }
    const actor = options.adminKeys.verify(credential);
    if (actor !== undefined) return actor;
    if (options.oidc !== undefined && adminTeams.size > 0 && looksLikeJwt(credential)) {
      const identity = await options.oidc.verifier.verify(credential);
      if (identity.teams.some((team) => adminTeams.has(team))) return `sso:${identity.user}`;
      throw new AirlockError('FORBIDDEN', 'This identity is not in an admin team.');
    }
    throw new AirlockError('UNAUTHENTICATED', 'Not a valid admin key.', { headers: { ...CHALLENGE_HEADERS } });
  };
}
