/**
 * Which assignment keys name a credential. `dbPassword`, `API_KEY`, `client-secret`,
 * `authToken` do; `max_tokens`, `next_token`, `tokenizer`, `cache_key`, `public_key` do not.
 */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass']);
const SECRET_WORDS = new Set(['secret', 'token', 'apikey', 'auth', 'credential', 'credentials', 'creds']);
/** `…_key` is a secret only after one of these (`api_key`, `secret_key`, not `cache_key`). */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'auth',
  'client',
  'signing',
  'encryption',
  'master',
  'app',
  'service',
  'account',
  'consumer',
  'subscription',
  'webhook',
  'license',
  'session',
  'storage',
  'admin',
]);
/** `max_tokens`, `next_token`, `bos_token`, `csrf_token`: counts, cursors and vocabulary, not credentials. */
const NOT_CREDENTIAL_QUALIFIERS = new Set([
  'max',
  'min',
  'num',
  'total',
  'count',
  'next',
  'page',
  'continuation',
  'cancellation',
  'sync',
  'csrf',
  'xsrf',
  'input',
  'output',
  'prompt',
  'completion',
  'special',
  'bos',
  'eos',
  'pad',
  'unk',
  'sep',
  'cls',
  'mask',
  'start',
  'end',
  'stop',
  'eof',
  'type',
  'public',
  'primary',
  'foreign',
  'sort',
  'partition',
  'cache',
  'lookup',
  'has',
  'is',
  'use',
  'with',
  'no',
  'show',
  'hide',
  'validate',
  'verify',
  'check',
  'reset',
  'forgot',
  'confirm',
  'new',
  'old',
  'current',
  'min',
  'label',
  'placeholder',
  'field',
  'input',
  'name',
  'path',
  'file',
  'url',
  'header',
  'param',
  'cookie',
  'storage',
  'hint',
]);

export type KeyKind = 'password' | 'secret';

/** Splits `dbPassword`, `DB_PASSWORD`, `db-password` into lower-case words. */
function splitKeyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

export function classifyKey(key: string): KeyKind | null {
  const words = splitKeyWords(key.slice(key.lastIndexOf('.') + 1));
  let last = words.at(-1);
  if (last === undefined) return null;
  if (last.endsWith('s') && last !== 'pass' && last !== 'creds' && last !== 'credentials') last = last.slice(0, -1);
  const previous = words.at(-2);
  if (previous !== undefined && NOT_CREDENTIAL_QUALIFIERS.has(previous)) return null;
  if (PASSWORD_WORDS.has(last)) return 'password';
  if (SECRET_WORDS.has(last)) return 'secret';
  if (last === 'key' && previous !== undefined && KEY_QUALIFIERS.has(previous)) return 'secret';
  // Run-together keys: apikey, secretkey, accesskey, authtoken.
  if (/^(?:api|access|secret|private|client|auth|app)(?:key|secret|token)$/.test(last)) return 'secret';
  return null;
}
