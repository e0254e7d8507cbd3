import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcSchema } from '../../src/auth/auth-schema.js';
import { createOidcVerifier, readIdentity } from '../../src/auth/oidc-verifier.js';
import { AirlockError } from '../../src/errors/airlock-error.js';
import { captureError } from '../helpers/loopback-calls.js';
import { startLoopbackIssuer, type LoopbackIssuer } from './loopback-issuer.js';

const AUDIENCE = 'airlock-gateway';
let issuer: LoopbackIssuer;

beforeAll(async () => {
  issuer = await startLoopbackIssuer(AUDIENCE);
});
afterAll(() => issuer.close());

function createVerifier(extra: Record<string, unknown> = {}, options: Parameters<typeof createOidcVerifier>[1] = {}) {
  const config = oidcSchema.parse({ issuer: issuer.issuer, audience: AUDIENCE, ...extra });
  return createOidcVerifier(config, { jwksCooldownMs: 0, discoveryRetryMs: 0, ...options });
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<AirlockError> {
  const error = await captureError(() => promise);
  expect(error).toBeInstanceOf(AirlockError);
  expect((error as AirlockError).code).toBe(code);
  return error as AirlockError;
}

describe('OIDC verifier against a loopback issuer', () => {
  it('finds the keys by discovery and maps sub and groups to user and teams', async () => {
    const verifier = createVerifier();
    const token = await issuer.sign({ sub: 'alice', groups: ['platform', 'security'] });
    expect(await verifier.verify(token)).toEqual({ user: 'alice', teams: ['platform', 'security'] });
  });

  it('reads a configured user claim and a nested teams claim', async () => {
    const verifier = createVerifier({ userClaim: 'email', teamsClaim: 'realm_access.roles' });
    const token = await issuer.sign({ sub: 'u-1', email: 'bob@example.com', realm_access: { roles: ['data', 42, 'data', 'ml'] } });
    expect(await verifier.verify(token)).toEqual({ user: 'bob@example.com', teams: ['data', 'ml'] });
  });

  it('fetches the JWKS once for many tokens, and again when the issuer rotates its key', async () => {
    const verifier = createVerifier({ jwksUri: issuer.jwksUri });
    const before = issuer.jwksFetches;
    for (let index = 0; index < 5; index++) await verifier.verify(await issuer.sign({ sub: `user-${index}` }));
    expect(issuer.jwksFetches - before).toBe(1);
    await issuer.rotate();
    expect((await verifier.verify(await issuer.sign({ sub: 'after-rotation' }))).user).toBe('after-rotation');
    expect(issuer.jwksFetches - before).toBe(2);
  });

  it.each([
    ['an expired token', () => issuer.sign({ sub: 'alice' }, { expiresIn: Math.floor(Date.now() / 1000) - 120 }), 'The token has expired.'],
    ['another audience', () => issuer.sign({ sub: 'alice' }, { audience: 'someone-else' }), 'The token is not valid for this gateway.'],
    [
      'another issuer',
      () => issuer.sign({ sub: 'alice' }, { issuer: 'https://evil.example.com' }),
      'The token is not valid for this gateway.',
    ],
    [
      'a forged signature (same kid, other key)',
      () => issuer.sign({ sub: 'alice' }, { key: 'foreign' }),
      'The token is not valid for this gateway.',
    ],
  ])('refuses %s with UNAUTHENTICATED', async (_name, sign, message) => {
    const error = await expectCode(createVerifier().verify(await sign()), 'UNAUTHENTICATED');
    expect(error.message).toBe(message);
    expect(error.headers?.['www-authenticate']).toBe('Bearer realm="airlock"');
  });

  it('refuses unsigned (alg none) and HMAC tokens, and tokens without exp', async () => {
    const verifier = createVerifier();
    const unsigned = new UnsecuredJWT({ sub: 'alice' }).setIssuer(issuer.issuer).setAudience(AUDIENCE).setExpirationTime('1h').encode();
    await expectCode(verifier.verify(unsigned), 'UNAUTHENTICATED');
    const hmac = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setIssuer(issuer.issuer)
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-an-attacker-might-guess'));
    await expectCode(verifier.verify(hmac), 'UNAUTHENTICATED');
    const { privateKey } = await import('jose').then((jose) => jose.generateKeyPair('RS256'));
    const noExpiry = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setIssuer(issuer.issuer)
      .setAudience(AUDIENCE)
      .sign(privateKey);
    await expectCode(verifier.verify(noExpiry), 'UNAUTHENTICATED');
  });

  it('refuses a token without the user claim', async () => {
    const error = await expectCode(createVerifier({ userClaim: 'email' }).verify(await issuer.sign({ sub: 'alice' })), 'UNAUTHENTICATED');
    expect(error.message).toContain('"email"');
  });

  it('answers AUTH_UNAVAILABLE (503, retryable) while the issuer is down, and recovers', async () => {
    const verifier = createVerifier();
    const token = await issuer.sign({ sub: 'alice' });
    issuer.setDown(true);
    try {
      const error = await expectCode(verifier.verify(token), 'AUTH_UNAVAILABLE');
      expect(error.status).toBe(503);
      expect(error.isRetryable).toBe(true);
    } finally {
      issuer.setDown(false);
    }
    expect((await verifier.verify(token)).user).toBe('alice');
  });

  it('refuses a discovery document naming another issuer (mix-up defence)', async () => {
    const config = oidcSchema.parse({ issuer: `${issuer.issuer}/`, audience: AUDIENCE });
    const verifier = createOidcVerifier(config, { discoveryRetryMs: 0 });
    await expectCode(verifier.verify(await issuer.sign({ sub: 'alice' })), 'AUTH_UNAVAILABLE');
  });
});

describe('readIdentity', () => {
  it.each([
    [{ sub: 'a', groups: 'solo' }, ['solo']],
    [{ sub: 'a' }, []],
    [{ sub: 'a', groups: { not: 'a list' } }, []],
    [{ sub: 'a', groups: ['x'.repeat(300), 'ok'] }, ['ok']],
  ])('maps %j to teams %j', (payload, teams) => {
    expect(readIdentity({ userClaim: 'sub', teamsClaim: 'groups' }, payload).teams).toEqual(teams);
  });
});
