import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAwsCredentials } from '../../../src/providers/bedrock/read-aws-credentials.js';

let directory: string;
let file: string;

beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'airlock-aws-'));
  file = path.join(directory, 'credentials');
  writeFileSync(
    file,
    [
      '# shared credentials',
      '[default]',
      'aws_access_key_id = AKIADEFAULTDEFAULT01',
      'aws_secret_access_key = defaultSecretdefaultSecretdefaultSecret0',
      '',
      '[profile work]',
      'AWS_ACCESS_KEY_ID=AKIAWORKWORKWORK0002',
      'aws_secret_access_key=workSecretworkSecretworkSecretworkSecret',
      'aws_session_token = FwoGZXIvYXdzEBYaDworksessiontoken',
      '; a comment',
      '[broken]',
      'aws_access_key_id = AKIABROKENBROKEN0003',
    ].join('\n'),
  );
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('readAwsCredentials', () => {
  it('prefers the standard environment variables', () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'AKIAENVENVENVENV0004',
      AWS_SECRET_ACCESS_KEY: 'envSecret',
      AWS_SESSION_TOKEN: 'envToken',
      AWS_SHARED_CREDENTIALS_FILE: file,
    };
    expect(readAwsCredentials('b', undefined, env)).toEqual({
      accessKeyId: 'AKIAENVENVENVENV0004',
      secretAccessKey: 'envSecret',
      sessionToken: 'envToken',
    });
  });

  it('falls back to the AWS_PROFILE profile, then default, of the shared file', () => {
    expect(readAwsCredentials('b', undefined, { AWS_SHARED_CREDENTIALS_FILE: file })).toEqual({
      accessKeyId: 'AKIADEFAULTDEFAULT01',
      secretAccessKey: 'defaultSecretdefaultSecretdefaultSecret0',
    });
    expect(readAwsCredentials('b', undefined, { AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'work' })).toEqual({
      accessKeyId: 'AKIAWORKWORKWORK0002',
      secretAccessKey: 'workSecretworkSecretworkSecretworkSecret',
      sessionToken: 'FwoGZXIvYXdzEBYaDworksessiontoken',
    });
  });

  it('uses a profile named in the config even when environment keys are set', () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIAENVENVENVENV0004', AWS_SECRET_ACCESS_KEY: 'envSecret', AWS_SHARED_CREDENTIALS_FILE: file };
    expect(readAwsCredentials('b', 'work', env).accessKeyId).toBe('AKIAWORKWORKWORK0002');
  });

  it('reads ~/.aws/credentials under HOME by default', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'airlock-home-'));
    try {
      mkdirSync(path.join(home, '.aws'));
      writeFileSync(
        path.join(home, '.aws', 'credentials'),
        '[default]\naws_access_key_id=AKIAHOMEHOMEHOME0006\naws_secret_access_key=homeSecret\n',
      );
      expect(readAwsCredentials('b', undefined, { HOME: home })).toEqual({
        accessKeyId: 'AKIAHOMEHOMEHOME0006',
        secretAccessKey: 'homeSecret',
      });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it.each([
    ['only half of the environment pair', { AWS_ACCESS_KEY_ID: 'AKIAHALFHALFHALF0005' }, undefined, 'must be set together'],
    ['a missing profile', { AWS_SHARED_CREDENTIALS_FILE: 'FILE', AWS_PROFILE: 'nope' }, undefined, 'profile "nope"'],
    ['a profile without a secret', { AWS_SHARED_CREDENTIALS_FILE: 'FILE' }, 'broken', 'has no aws_access_key_id and aws_secret_access_key'],
    ['no credentials at all', { AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' }, undefined, 'no AWS credentials'],
  ])('refuses %s at start, naming what is missing and no value', (_label, env, profile, message) => {
    const resolved = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === 'FILE' ? file : value]));
    let thrown: Error | undefined;
    try {
      readAwsCredentials('bedrock-eu', profile, resolved);
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.message).toContain('bedrock-eu');
    expect(thrown?.message).toContain(message);
    expect(thrown?.message).not.toMatch(/AKIA[A-Z0-9]{16}/);
  });
});
