import { describe, expect, it } from 'vitest';
import { inspectSchema } from '../../../../src/config/inspect-schema.js';
import { createInspector } from '../../../../src/inspect/create-inspector.js';
import { createConfigDetectors } from '../../../../src/inspect/detectors/config/index.js';
import type { Finding } from '../../../../src/inspect/types.js';

const inspector = createInspector({
  config: inspectSchema.parse({ internalDomains: ['corp.acme.com', 'acme.internal'] }),
  fingerprintKey: 'test',
  detectors: createConfigDetectors(inspectSchema.parse({ internalDomains: ['corp.acme.com', 'acme.internal'] })),
});

function find(text: string): [string, string][] {
  return inspector.inspectText(text, { role: 'user' }).map((finding: Finding) => [finding.type, text.slice(finding.start, finding.end)]);
}

const KUBECONFIG = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=
    server: https://k8s.prod.example.net:6443
  name: prod
contexts:
- context:
    cluster: prod
    user: admin
  name: prod
current-context: prod
kind: Config
users:
- name: admin
  user:
    token: REDACTED`;

const AWS_CREDENTIALS = `[default]
aws_access_key_id = AKIAEXAMPLEEXAMPLE00
aws_secret_access_key = secret

[profile billing]
role_arn = arn:aws:iam::123456789012:role/billing
source_profile = default
`;

describe('config detectors', () => {
  it.each([
    ['postgres://db-7.prod.acme.io:5432/billing', 'postgres://db-7.prod.acme.io:5432/billing'],
    [
      'url: mongodb+srv://cluster0.ab1cd.mongodb.net/orders?retryWrites=true',
      'mongodb+srv://cluster0.ab1cd.mongodb.net/orders?retryWrites=true',
    ],
    ['jdbc:postgresql://pg.acme.io:5432/app', 'jdbc:postgresql://pg.acme.io:5432/app'],
    [
      '"Server=tcp:acme.database.windows.net,1433;Initial Catalog=orders;"',
      'Server=tcp:acme.database.windows.net,1433;Initial Catalog=orders;',
    ],
  ])('finds the connection string in %s', (text, value) => {
    expect(find(text)).toContainEqual(['connection_string', value]);
  });

  it.each(['redis://localhost:6379', 'postgres://user:pass@example.com/db', 'see https://github.com/acme/repo', 'mongodb://${HOST}/db'])(
    'ignores %s as a connection string',
    (text) => {
      expect(find(text).filter(([type]) => type === 'connection_string')).toEqual([]);
    },
  );

  it('finds .env blocks of three or more lines, as regions', () => {
    const block = 'DATABASE_URL=postgres://db\n# comment\nREDIS_URL=redis://cache\nexport LOG_LEVEL=debug';
    const text = `my env:\n${block}\nthanks`;
    const findings = inspector.inspectText(text, { role: 'user' }).filter((finding) => finding.type === 'env_block');
    expect(findings.map((finding) => text.slice(finding.start, finding.end))).toEqual([block]);
    expect(findings[0]!.region).toBe(true);
    expect(find('A=1\nB=2\n\nsome prose\nC=3').filter(([type]) => type === 'env_block')).toEqual([]);
  });

  it('finds the same .env blocks as reading every line would, on random lines', () => {
    // The obvious implementation, to compare against: every line, in order.
    const envLine = /^[ \t]*(?:export[ \t]+)?[A-Z][A-Z0-9_]{1,63}=[^\r\n]{0,1000}(?=\r?\n|$)/;
    const readLineByLine = (text: string): [number, number][] => {
      const blocks: [number, number][] = [];
      let run = null as { start: number; end: number; lines: number } | null;
      for (let lineStart = 0; lineStart < text.length;) {
        const lineEnd = text.indexOf('\n', lineStart) < 0 ? text.length : text.indexOf('\n', lineStart);
        const line = text.slice(lineStart, lineEnd);
        const match = envLine.exec(text.slice(lineStart));
        if (match !== null) {
          const indent = match[0].length - match[0].trimStart().length;
          if (run === null) run = { start: lineStart + indent, end: 0, lines: 0 };
          run.end = lineStart + match[0].length;
          run.lines++;
        } else if (run !== null && !/^[ \t\r]*(?:#|$)/.test(line)) {
          if (run.lines >= 3) blocks.push([run.start, run.end]);
          run = null;
        }
        lineStart = lineEnd + 1;
      }
      if (run !== null && run.lines >= 3) blocks.push([run.start, run.end]);
      return blocks;
    };
    const pieces = ['FOO=bar', 'export X_Y=1', '  API_KEY=abc', '\texport  DB=x', '# note', '', '  ', 'const a = 1;', 'A=B=C', 'e=1'];
    const ends = ['\n', '\r\n', '\n\n'];
    let seed = 17;
    const next = (limit: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % limit;
    const detector = createConfigDetectors(inspectSchema.parse({})).find((candidate) => candidate.id === 'env_block')!;
    let blocks = 0;
    for (let round = 0; round < 3_000; round++) {
      const text = Array.from({ length: 1 + next(10) }, () => pieces[next(pieces.length)]! + ends[next(ends.length)]!).join('');
      const expected = readLineByLine(text);
      expect(
        detector.detect(text, { role: 'user' }).map((match) => [match.start, match.end]),
        JSON.stringify(text),
      ).toEqual(expected);
      blocks += expected.length;
    }
    expect(blocks).toBeGreaterThan(100);
  });

  it('finds kubeconfigs and AWS credential files', () => {
    expect(find(KUBECONFIG)).toContainEqual(['kubeconfig', KUBECONFIG]);
    expect(find(AWS_CREDENTIALS).map(([type]) => type)).toContain('aws_credentials_file');
    expect(find('clusters:\nusers:\n').filter(([type]) => type === 'kubeconfig')).toEqual([]);
    expect(find('[default]\ncolor = blue\n').filter(([type]) => type === 'aws_credentials_file')).toEqual([]);
  });

  it.each([
    ['10.0.12.7', true],
    ['172.16.0.1', true],
    ['172.31.255.254/16', true],
    ['192.168.1.20', true],
    ['100.64.0.1', true],
    ['fd12:3456:789a:1::1', true],
    ['172.32.0.1', false],
    ['8.8.8.8', false],
    ['100.128.0.1', false],
    ['v10.0.0.1', false],
    ['1.10.0.0.1', false],
    ['10.0.0', false],
  ])('private_ip: %s → %s', (address, expected) => {
    const found = find(`host ${address} end`).filter(([type]) => type === 'private_ip');
    expect(found.length > 0).toBe(expected);
  });

  it('finds ARNs and cloud account ids in context', () => {
    expect(find('role: arn:aws:iam::123456789012:role/deploy')).toContainEqual(['aws_arn', 'arn:aws:iam::123456789012:role/deploy']);
    expect(find('bucket arn:aws:s3:::acme-logs')).toContainEqual(['aws_arn', 'arn:aws:s3:::acme-logs']);
    expect(find('aws_account_id = "123456789012"')).toContainEqual(['aws_account_id', '123456789012']);
    expect(find('order_id = "123456789012"').filter(([type]) => type === 'aws_account_id')).toEqual([]);
    expect(find('GOOGLE_CLOUD_PROJECT=acme-prod-42')).toContainEqual(['gcp_project_id', 'acme-prod-42']);
    const subscription = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
    expect(find(`az account set --subscription ${subscription}`)).toContainEqual(['azure_subscription_id', subscription]);
    expect(find(`/subscriptions/${subscription}/resourceGroups/rg`)).toContainEqual(['azure_subscription_id', subscription]);
    expect(find(`"tenantId": "${subscription}"`)).toContainEqual(['azure_tenant_id', subscription]);
    expect(find(`request ${subscription}`).filter(([type]) => type.startsWith('azure'))).toEqual([]);
    const sid = `AC${'0123456789abcdef'.repeat(2)}`;
    expect(find(`TWILIO_ACCOUNT_SID=${sid}`)).toContainEqual(['twilio_account_sid', sid]);
    expect(find(`id=${sid}`).filter(([type]) => type === 'twilio_account_sid')).toEqual([]);
  });

  it('finds hosts under the configured internal domains only', () => {
    expect(find('ssh jenkins.ci.corp.acme.com and vault.acme.internal')).toEqual([
      ['internal_hostname', 'jenkins.ci.corp.acme.com'],
      ['internal_hostname', 'vault.acme.internal'],
    ]);
    expect(find('see corp.acme.com.evil.io and notcorp.acme.company')).toEqual([]);
    expect(createConfigDetectors(inspectSchema.parse({})).some((detector) => detector.id === 'internal_hostname')).toBe(false);
  });
});
