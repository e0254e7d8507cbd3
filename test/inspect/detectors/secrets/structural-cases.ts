import { ALPHABETS as A, base64url, randomString as r, reseed } from '../../helpers/synthetic.js';

/**
 * Secret detectors that look at structure rather than a prefix: key blocks, JWTs, credentials in
 * URLs and headers, secret-named assignments. Each positive names the exact value to be found.
 */
export interface StructuralCase {
  id: string;
  positives: { text: string; type: string; value: string }[];
  negatives: string[];
}

reseed(11);

const keyBody = Array.from({ length: 8 }, () => r(A.base64, 64)).join('\n');
const rsaKey = `-----BEGIN RSA PRIVATE KEY-----\n${keyBody}\n-----END RSA PRIVATE KEY-----`;
const opensshKey = `-----BEGIN OPENSSH PRIVATE KEY-----\n${keyBody}\n-----END OPENSSH PRIVATE KEY-----`;
const jsonEscapedKey = `-----BEGIN PRIVATE KEY-----\\n${keyBody.replaceAll('\n', '\\n')}\\n-----END PRIVATE KEY-----\\n`;
const truncatedKey = `-----BEGIN EC PRIVATE KEY-----\n${keyBody.slice(0, 200)}`;
const pgpKey = `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${keyBody}\n=ABCD\n-----END PGP PRIVATE KEY BLOCK-----`;

const puttyKey = [
  'PuTTY-User-Key-File-3: ssh-ed25519',
  'Encryption: none',
  'Comment: deploy@build',
  'Public-Lines: 2',
  r(A.base64, 64),
  r(A.base64, 20),
  'Private-Lines: 1',
  r(A.base64, 44),
  'Private-MAC: ' + r(A.hex, 64),
].join('\n');

const jwtHeader = base64url('{"alg":"HS256","typ":"JWT"}');
const jwtPayload = base64url('{"sub":"user-4821","role":"admin","iat":1716200000}');
const jwt = `${jwtHeader}.${jwtPayload}.${r(A.urlSafe, 43)}`;
const unsignedJwt = `${base64url('{"alg":"none","typ":"JWT"}')}.${jwtPayload}.${r(A.urlSafe, 20)}`;
const jwtIoSample = `${jwtHeader}.${base64url('{"sub":"1234567890","name":"John Doe","iat":1516239022}')}.${r(A.urlSafe, 43)}`;
const notJsonHeader = `eyJ${r(A.urlSafe, 30)}.eyJ${r(A.urlSafe, 30)}.${r(A.urlSafe, 43)}`;

const dbPassword = `Xk82-${r(A.alnum, 10)}`;
const urlPassword = `Zk82_${r(A.alnum, 12)}`;
const bearer = r(A.urlSafe, 40);
const basicPassword = `S3cr3t-${r(A.alnum, 8)}`;
const basic = Buffer.from(`deploy:${basicPassword}`).toString('base64');
const generic = r(A.alnum, 32);
const password = `Tr0ub4dor&${r(A.digits, 3)}x`;

export const STRUCTURAL_CASES: StructuralCase[] = [
  {
    id: 'private_key',
    positives: [
      { text: `here is my key:\n${rsaKey}\nthanks`, type: 'private_key', value: rsaKey },
      { text: `${opensshKey}\n`, type: 'private_key', value: opensshKey },
      {
        text: `{"private_key": "${jsonEscapedKey}"}`,
        type: 'private_key',
        value: jsonEscapedKey.slice(0, jsonEscapedKey.lastIndexOf('-----') + 5),
      },
      { text: truncatedKey, type: 'private_key', value: truncatedKey },
      { text: pgpKey, type: 'private_key', value: pgpKey },
    ],
    negatives: [
      "const HEADER = '-----BEGIN PRIVATE KEY-----';\nconst FOOTER = '-----END PRIVATE KEY-----';",
      'if (pem.startsWith("-----BEGIN RSA PRIVATE KEY-----")) { return parseRsa(pem); }',
      '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
      '-----BEGIN PUBLIC KEY-----\n' + keyBody + '\n-----END PUBLIC KEY-----',
    ],
  },
  {
    id: 'putty_private_key',
    positives: [{ text: puttyKey, type: 'putty_private_key', value: puttyKey.slice(0, puttyKey.indexOf('Private-MAC')) }],
    negatives: ['PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none'],
  },
  {
    id: 'jwt',
    positives: [{ text: `Authorization: Bearer ${jwt}`, type: 'jwt', value: jwt }],
    negatives: [unsignedJwt, jwtIoSample, notJsonHeader, 'eyJhbGciOi.short.x'],
  },
  {
    id: 'url_credentials',
    positives: [
      { text: `git clone https://deploy:${urlPassword}@git.acme-corp.io/platform/api.git`, type: 'url_credentials', value: urlPassword },
      {
        text: `DATABASE_URL=postgres://billing:${dbPassword}@db-7.prod.acme.io:5432/billing`,
        type: 'database_connection_string',
        value: dbPassword,
      },
      // Placeholder words inside a random password are coincidences, not placeholders.
      { text: 'postgres://app:AAr7xxXeKM2pQw9z@db.internal:5432/main', type: 'database_connection_string', value: 'AAr7xxXeKM2pQw9z' },
      { text: 'postgres://svc:q2Test9Lk4NoneZr@10.2.3.4:5432/main', type: 'database_connection_string', value: 'q2Test9Lk4NoneZr' },
      {
        text: `mongodb+srv://app:${dbPassword}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true`,
        type: 'database_connection_string',
        value: dbPassword,
      },
      {
        text: `jdbc:mysql://db.acme.io:3306/app?user=app&password=${dbPassword}&ssl=true`,
        type: 'database_connection_string',
        value: dbPassword,
      },
    ],
    negatives: [
      "new URL('https://abc:xyz@example.com')",
      'postgres://user:password@localhost:5432/db',
      'redis://:authpassword@127.0.0.1:6380/4',
      'mongodb://${DB_USER}:${DB_PASSWORD}@mongo:27017',
      'https://user:pass@host/path',
      'amqp://guest:guest@rabbitmq:5672',
      'http://user%40name:p%40ss%3Aword@localhost:8080/some%20path',
    ],
  },
  {
    id: 'database_password',
    positives: [
      {
        text: `"Server=tcp:acme.database.windows.net,1433;Initial Catalog=orders;User ID=svc;Password=${dbPassword};"`,
        type: 'database_connection_string',
        value: dbPassword,
      },
      {
        text: `Driver={PostgreSQL};Server=pg.acme.io;Database=app;Uid=svc;Pwd=${dbPassword};`,
        type: 'database_connection_string',
        value: dbPassword,
      },
    ],
    negatives: ['Password=;Server=x', 'Server=db;Database=app;Password=changeme;', 'The password = something you remember'],
  },
  {
    id: 'authorization_header',
    positives: [
      { text: `curl -H "Authorization: Bearer ${bearer}" https://api.acme.io/v1/orders`, type: 'bearer_token', value: bearer },
      { text: `-H 'Authorization: Basic ${basic}'`, type: 'basic_auth_credentials', value: basic },
    ],
    negatives: [
      "headers.Authorization = 'Bearer ' + token;",
      'Authorization: `Bearer ${accessToken}`',
      'Authorization: Bearer YOUR_ACCESS_TOKEN_HERE_PLEASE',
      `Authorization: Basic ${Buffer.from('user:pass').toString('base64')}`,
      'The bearer bond matured in 1998 and was redeemed.',
    ],
  },
  {
    id: 'generic_secret',
    positives: [
      { text: `API_SECRET=${generic}\n`, type: 'generic_secret', value: generic },
      { text: `{"client_secret": "${generic}"}`, type: 'generic_secret', value: generic },
      { text: `  auth_token: ${generic}\n`, type: 'generic_secret', value: generic },
      { text: `config.apiKey = '${generic}';`, type: 'generic_secret', value: generic },
      { text: `<secretKey>${generic}</secretKey>`, type: 'generic_secret', value: generic },
      { text: `deploy --token=${generic}\n`, type: 'generic_secret', value: generic },
      { text: `GET /v1/items?api_key=${generic}&page=2`, type: 'generic_secret', value: generic },
      { text: `DB_PASSWORD="${password}"`, type: 'password', value: password },
      { text: `'password' => '${password}',`, type: 'password', value: password },
    ],
    negatives: [
      'const token = getToken();',
      'password: options.password,',
      'apiKey: process.env.OPENAI_API_KEY,',
      "api_key = os.environ['API_KEY']",
      'API_KEY=${API_KEY}',
      "secret: 'keyboard cat',",
      'token: "{{ vault_token }}"',
      "password = 'changeme123'",
      'API_KEY=your-api-key-here',
      'AUTH_TOKEN=<your-auth-token>',
      "secret: 'SHOULD_BE_STRIPPED'",
      'lastSignificantToken = "?InterpolationInTemplate";',
      "'Lock-Token': 'urn:uuid:a515cfa4-5da4-22e1-f5b5-00a0451e6bf7'",
      "tokenizer = 'xK9mP2vL7qR4nT8w'",
      "max_tokens: 'abc123DEF456ghi789'",
      "password = 'aaaaaaaaaaaaaaaa'",
      "secret_hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'",
      "api_key: '123e4567-e89b-12d3-a456-426614174000'",
      "token = 'abcdefghijklmnop'",
      'password: str = Field(..., min_length=8)',
      'if (token === expected) return true;',
      "const passwordLabel = 'Enter your password';",
      'secretName: my-app-credentials-secret',
    ],
  },
];
