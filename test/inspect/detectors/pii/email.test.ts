import { describe, expect, it } from 'vitest';
import { emailDetector } from '../../../../src/inspect/detectors/pii/email.js';
import { findValues, timeDetect } from './detect-helper.js';

describe('emailDetector', () => {
  it.each([
    ['write to jane.doe@acme.co.uk today', 'jane.doe@acme.co.uk'],
    ['<first+tag@mail.company.io>', 'first+tag@mail.company.io'],
    ['Contact: UPPER_case-99@Sub.Domain.ORG.', 'UPPER_case-99@Sub.Domain.ORG'],
    ['"author": "Sindre <sindre@gmail.com>"', 'sindre@gmail.com'],
  ])('finds the address in %j', (text, expected) => {
    expect(findValues(emailDetector, text)).toEqual([expected]);
  });

  it.each([
    ['retina asset icon@2x.png', 'file extension, not a TLD'],
    ['import x from "lodash@4.17.21"', 'package version'],
    ['"@babel/core": "^7.0.0"', 'npm scope'],
    [' * @param name the name', 'JSDoc tag'],
    ['user@example.com and ops@mail.test', 'reserved documentation domains'],
    ['git clone host@1.2.3.4:repo', 'numeric "TLD"'],
    ['a@b', 'no domain dot'],
    ['@decorator() class X {}', 'decorator'],
  ])('ignores %j (%s)', (text) => {
    expect(findValues(emailDetector, text)).toEqual([]);
  });

  // Regression: the end of a connection string's password and its host were reported as an address.
  it.each([
    ['postgres://admin:Zx81-pQ7vLm2x@db1.corp.acme.com/billing', 'password tail and host of a connection string'],
    ['DATABASE_URL="mysql://svc:p@ss@db.acme-corp.io:3306/app"', 'unencoded @ in the password'],
    ['git clone https://deploy:glpat-x9Y8@git.acme-corp.com/team/repo.git', 'credentials in an https URL'],
    ['ssh://git@gitlab.acme-corp.com:2222/team/repo.git', 'user and host of an ssh URL'],
  ])('ignores the userinfo and host of a URL in %j (%s)', (text) => {
    expect(findValues(emailDetector, text)).toEqual([]);
  });

  it.each([
    ['profile https://people.acme-corp.com/u/jane.doe@acme-corp.com', 'jane.doe@acme-corp.com'],
    ['<a href="mailto:jane@acme-corp.com">', 'jane@acme-corp.com'],
    ['https://acme-corp.com/?contact=ops@acme-corp.com', 'ops@acme-corp.com'],
    ['see https://acme-corp.com then mail bob@acme-corp.com', 'bob@acme-corp.com'],
  ])('still finds an address in a URL path, query or mailto link: %j', (text, expected) => {
    expect(findValues(emailDetector, text)).toEqual([expected]);
  });

  it('reports JavaScript string offsets after astral characters', () => {
    const text = '😀 mail bob@corp.dev';
    const [match] = emailDetector.detect(text, { role: 'user' });
    expect(match).toMatchObject({ category: 'pii', type: 'email', start: 8, end: 20 });
  });

  it('stays linear on adversarial input', () => {
    expect(timeDetect(emailDetector, `${'a.'.repeat(50_000)}@${'b-'.repeat(50_000)}`)).toBeLessThan(200);
    expect(timeDetect(emailDetector, '@'.repeat(100_000))).toBeLessThan(200);
    expect(timeDetect(emailDetector, `x@${'a.'.repeat(100_000)}`)).toBeLessThan(500);
    expect(timeDetect(emailDetector, `s://${'a:b@c.io'.repeat(20_000)}`)).toBeLessThan(200);
  });
});
