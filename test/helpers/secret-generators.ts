/**
 * fast-check generators of synthetic credentials in their public token formats (never real
 * ones), for property tests of inspection, redaction and restoration.
 */
import { crc32 } from 'node:zlib';
import fc from 'fast-check';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const URLSAFE = `${ALNUM}-_`;

/**
 * Random strings over an alphabet. Real credentials are random: strings with few distinct
 * characters (`AAAA…`, which shrinking drifts towards) are placeholders a detector rightly ignores.
 */
const chars = (alphabet: string, length: number) =>
  fc
    .array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length })
    .map((list) => list.join(''))
    .filter((text) => new Set(text).size >= Math.min(8, Math.ceil(length / 3)));

function base62(value: number, width: number): string {
  let text = '';
  for (let remaining = value; remaining > 0; remaining = Math.floor(remaining / 62)) text = BASE62[remaining % 62] + text;
  return text.padStart(width, '0');
}

/** GitHub and npm tokens end in the CRC32 of their random part, as real ones do. */
const withChecksum = (prefix: string) => chars(ALNUM, 30).map((random) => `${prefix}${random}${base62(crc32(random) >>> 0, 6)}`);

export interface GeneratedSecret {
  type: string;
  value: string;
}

const secret = (type: string, arbitrary: fc.Arbitrary<string>) => arbitrary.map((value): GeneratedSecret => ({ type, value }));

/** One of a dozen credential formats with fixed prefixes or structure. */
export const secretArbitrary: fc.Arbitrary<GeneratedSecret> = fc.oneof(
  secret(
    'aws_access_key_id',
    chars(BASE32, 16)
      .filter((tail) => !tail.endsWith('EXAMPLE'))
      .map((tail) => `AKIA${tail}`),
  ),
  secret('github_personal_access_token', withChecksum('ghp_')),
  secret('npm_access_token', withChecksum('npm_')),
  secret(
    'gcp_api_key',
    chars(URLSAFE, 35).map((tail) => `AIza${tail}`),
  ),
  secret(
    'slack_bot_token',
    fc.tuple(chars('0123456789', 12), chars('0123456789', 13), chars(ALNUM, 24)).map(([a, b, c]) => `xoxb-${a}-${b}-${c}`),
  ),
  secret(
    'stripe_secret_key',
    chars(ALNUM, 32).map((tail) => `sk_live_${tail}`),
  ),
  secret(
    'anthropic_api_key',
    chars(URLSAFE, 93).map((tail) => `sk-ant-api03-${tail}AA`),
  ),
  secret(
    'openai_api_key',
    chars(URLSAFE, 120).map((tail) => `sk-proj-${tail}`),
  ),
  secret(
    'gitlab_personal_access_token',
    chars(ALNUM, 20).map((tail) => `glpat-${tail}`),
  ),
  secret(
    'huggingface_token',
    chars(ALNUM, 34).map((tail) => `hf_${tail}`),
  ),
  secret(
    'postgres_connection_string',
    fc
      .tuple(
        fc.constantFrom('app', 'svc_billing', 'admin'),
        chars(ALNUM, 18),
        fc.constantFrom('db.internal', '10.2.3.4', 'pg.acme-corp.net'),
      )
      .map(([user, password, host]) => `postgres://${user}:${password}@${host}:5432/main`),
  ),
);

/** How a secret is embedded in a prompt: as is, or inside an encoded blob. */
export type Encoding = 'plain' | 'base64' | 'hex' | 'percent';

export const encodingArbitrary = fc.constantFrom<Encoding>('plain', 'base64', 'hex', 'percent');

/** The text that appears in the prompt for a secret in an encoding (the whole blob when encoded). */
export function encodeSecret(value: string, encoding: Encoding): string {
  const context = `credential = ${value}`;
  switch (encoding) {
    case 'plain':
      return value;
    case 'base64':
      return Buffer.from(context).toString('base64');
    case 'hex':
      return Buffer.from(context).toString('hex');
    case 'percent':
      return encodeURIComponent(`${context} & more=1`);
  }
}

/** Ordinary words to pad prompts with. */
export const fillerArbitrary = fc
  .array(
    fc.constantFrom(
      'the',
      'deploy',
      'function',
      'returns',
      'config',
      'why',
      'fails',
      'when',
      'user',
      'list',
      'of',
      'items',
      '\n',
      'please',
      'fix',
      '->',
      '{',
      '}',
      '(x)',
    ),
    { maxLength: 12 },
  )
  .map((words) => words.join(' '));
