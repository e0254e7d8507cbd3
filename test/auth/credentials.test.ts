import { describe, expect, it } from 'vitest';
import { parseAdminKeys } from '../../src/auth/admin-keys.js';
import { looksLikeJwt, readCredential } from '../../src/auth/read-credential.js';
import { ConfigError } from '../../src/config/config-error.js';
import { AirlockError } from '../../src/errors/airlock-error.js';

describe('readCredential', () => {
  it.each([
    [{}, undefined],
    [{ authorization: 'Bearer alk_abc' }, 'alk_abc'],
    [{ authorization: 'bearer   alk_abc ' }, 'alk_abc'],
    [{ 'x-api-key': 'alk_abc' }, 'alk_abc'],
    [{ authorization: 'Bearer alk_abc', 'x-api-key': 'alk_abc' }, 'alk_abc'],
    [{ authorization: '' }, undefined],
  ])('reads %j as %s', (headers, expected) => {
    expect(readCredential(headers)).toBe(expected);
  });

  it.each([
    ['Basic auth', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a bearer with spaces inside', { authorization: 'Bearer two words' }],
    ['two different credentials', { authorization: 'Bearer alk_one', 'x-api-key': 'alk_two' }],
    ['repeated headers', { 'x-api-key': ['alk_one', 'alk_two'] }],
  ])('refuses %s with UNAUTHENTICATED and never echoes the value', (_name, headers) => {
    let caught: unknown;
    try {
      readCredential(headers);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AirlockError);
    expect((caught as AirlockError).code).toBe('UNAUTHENTICATED');
    expect((caught as AirlockError).message).not.toMatch(/alk_one|alk_two|dXNlcjpwYXNz|words/);
  });

  it('tells JWTs from keys', () => {
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln')).toBe(true);
    expect(looksLikeJwt('alk_0123456789abcdefghijABCDEFGHIJ012345')).toBe(false);
  });
});

describe('admin keys', () => {
  const strong = 'admin-secret-0123456789abcdef';

  it('accepts named and unnamed keys and names the actor without revealing the secret', () => {
    const keys = parseAdminKeys(` ops:${strong} , ${strong}-2 `, 'AIRLOCK_ADMIN_KEYS');
    expect(keys.count).toBe(2);
    expect(keys.verify(strong)).toBe('admin:ops');
    const unnamed = keys.verify(`${strong}-2`);
    expect(unnamed).toMatch(/^admin:[0-9a-f]{12}$/);
    expect(unnamed).not.toContain(strong);
    expect(keys.verify('wrong-secret-0123456789abcdef')).toBeUndefined();
    expect(keys.verify(`ops:${strong}`)).toBeUndefined();
  });

  it('treats an unset or empty variable as no admin keys', () => {
    expect(parseAdminKeys(undefined, 'X').count).toBe(0);
    expect(parseAdminKeys(' , ', 'X').count).toBe(0);
  });

  it('refuses short secrets at start, without printing them', () => {
    let caught: unknown;
    try {
      parseAdminKeys('ops:short-secret', 'AIRLOCK_ADMIN_KEYS');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain('shorter than 24 characters');
    expect((caught as ConfigError).message).not.toContain('short-secret');
  });
});
