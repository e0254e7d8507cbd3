import { isIP } from 'node:net';
import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/types.js';

export interface AccessMode {
  /** Requests without credentials are served. */
  anonymous: boolean;
  /** Every listener is bound to a loopback address. */
  loopbackOnly: boolean;
  /** Some credential exists: OIDC, admin keys, or a key in the store. */
  credentialsConfigured: boolean;
  /** Why, in one line for the start-up log. */
  reason: string;
}

export interface ResolveAccessModeOptions {
  config: Readonly<Config>;
  adminKeyCount: number;
  store: Store;
  /** Where the config came from, for the error message. */
  source: string;
}

/** `127.0.0.0/8`, `::1`, `localhost`: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const ipv4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIP(ipv4) === 4 && ipv4.startsWith('127.');
}

/** The hosts of every listener: the main one and, when on, the Ollama one. */
export function listListenerHosts(config: Readonly<Config>): string[] {
  const hosts = [config.server.host];
  // Read loosely: the Ollama listener's config is optional and owned by its surface.
  const ollama = (config.server as { ollama?: false | { host?: string } }).ollama;
  if (ollama !== undefined && ollama !== false) hosts.push(ollama.host ?? '127.0.0.1');
  return hosts;
}

/**
 * Decides, once at start, whether anonymous requests are served:
 * - `auth.anonymous: true` — yes, wherever the gateway listens (a warning is logged off loopback);
 * - `auth.anonymous: false` — no;
 * - unset — yes only when every listener is on loopback AND no credentials are configured (no
 *   OIDC issuer, no admin key, no key in the store). That is the laptop quick start; as soon as a
 *   key exists (from the next start on) or SSO is configured, credentials are required.
 * Listening beyond loopback with no credentials configured and anonymous not explicitly allowed
 * would leave a gateway nobody can use safely, so start is refused with what to do instead.
 */
export async function resolveAccessMode(options: ResolveAccessModeOptions): Promise<AccessMode> {
  const { config } = options;
  const hosts = listListenerHosts(config);
  const loopbackOnly = hosts.every(isLoopbackHost);
  const hasKeys = (await options.store.keys.list({ limit: 1 })).length > 0;
  const credentialsConfigured = config.auth.oidc !== undefined || options.adminKeyCount > 0 || hasKeys;
  const explicit = config.auth.anonymous;
  if (explicit === true) {
    return { anonymous: true, loopbackOnly, credentialsConfigured, reason: 'auth.anonymous is true' };
  }
  if (!loopbackOnly && !credentialsConfigured) {
    const exposed = hosts.filter((host) => !isLoopbackHost(host)).join(', ');
    throw new ConfigError(options.source, [
      {
        path: 'auth',
        message:
          `refusing to listen on ${exposed} without credentials: anyone who can reach it could use it. ` +
          `Create a key first (airlock keys create --user U), set admin keys in $${config.auth.adminKeysEnv}, ` +
          'configure auth.oidc, bind to 127.0.0.1, or set auth.anonymous: true to allow unauthenticated use knowingly.',
      },
    ]);
  }
  if (explicit === false) return { anonymous: false, loopbackOnly, credentialsConfigured, reason: 'auth.anonymous is false' };
  return credentialsConfigured
    ? { anonymous: false, loopbackOnly, credentialsConfigured, reason: 'credentials are configured' }
    : { anonymous: true, loopbackOnly, credentialsConfigured, reason: 'loopback only and no credentials configured' };
}
