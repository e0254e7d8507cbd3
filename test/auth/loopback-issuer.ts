/**
 * A loopback OpenID Connect issuer for tests: it publishes a discovery document
 * (`/.well-known/openid-configuration`) and a JWKS (`/jwks`) exactly as OIDC Discovery 1.0 and
 * RFC 7517 describe, signs real tokens with its private key (RS256 by default), can rotate that
 * key, and counts JWKS fetches so tests can see caching.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface LoopbackIssuer {
  /** The issuer URL (`iss`), e.g. `http://127.0.0.1:40123/realms/eng`. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** How many times the JWKS was fetched. */
  readonly jwksFetches: number;
  /** Signs a token; `exp` defaults to one hour from now, `iss` to the issuer, `kid` to the current key. */
  sign(
    claims: JWTPayload,
    options?: { expiresIn?: string | number; audience?: string; issuer?: string; key?: 'current' | 'foreign' },
  ): Promise<string>;
  /** A new signing key (new kid); the old one is no longer published. */
  rotate(): Promise<void>;
  /** While down, every request gets a 503. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function createSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startLoopbackIssuer(audience: string): Promise<LoopbackIssuer> {
  let current = await createSigningKey('key-1');
  const foreign = await createSigningKey('key-1');
  let generation = 1;
  let down = false;
  let jwksFetches = 0;
  let issuer = '';
  const server: Server = createServer((request, response) => {
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    };
    if (down) return send(503, { error: 'temporarily_unavailable' });
    if (request.url === '/realms/eng/.well-known/openid-configuration') {
      return send(200, { issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (request.url === '/realms/eng/jwks') {
      jwksFetches += 1;
      return send(200, { keys: [current.publicJwk] });
    }
    return send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/eng`;
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    get jwksFetches() {
      return jwksFetches;
    },
    async sign(claims, options = {}) {
      const key = options.key === 'foreign' ? foreign : current;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '1h')
        .sign(key.privateKey);
    },
    async rotate() {
      generation += 1;
      current = await createSigningKey(`key-${generation}`);
    },
    setDown(value) {
      down = value;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
