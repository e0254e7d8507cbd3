/** URL schemes of databases, caches and message brokers (shared by the secret and config rules). */
export const DATABASE_SCHEMES = [
  'postgres',
  'postgresql',
  'mysql',
  'mysqlx',
  'mariadb',
  'mongodb',
  'mongodb+srv',
  'redis',
  'rediss',
  'valkey',
  'amqp',
  'amqps',
  'mssql',
  'sqlserver',
  'oracle',
  'cockroachdb',
  'clickhouse',
  'neo4j',
  'neo4j+s',
  'bolt',
  'cassandra',
  'couchbase',
  'couchbases',
  'memcached',
  'kafka',
  'nats',
  'influxdb',
  'elasticsearch',
  'opensearch',
  'db2',
  'snowflake',
  'redshift',
  'timescaledb',
  'ldap',
  'ldaps',
  'ftp',
  'sftp',
  'smtp',
  'smtps',
  'imap',
  'imaps',
  'mqtt',
  'mqtts',
  'rabbitmq',
  'sqlalchemy',
  'postgresql+psycopg2',
  'mysql+pymysql',
] as const;

const SCHEMES = new Set<string>(DATABASE_SCHEMES);

/** `jdbc:postgresql` and `postgresql+asyncpg` count as their database. */
export function isDatabaseScheme(scheme: string): boolean {
  const lower = scheme.toLowerCase().replace(/^jdbc:/, '');
  return SCHEMES.has(lower) || SCHEMES.has(lower.split('+')[0]!);
}

/** Hosts of documentation: `example.com`, `host`, `your-db-host`, `${HOST}`. */
export function isExampleHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/:\d+$/, '');
  return (
    lower === 'host' ||
    lower === 'hostname' ||
    lower === 'server' ||
    /(?:^|\.)example\.(?:com|org|net)$/.test(lower) ||
    /\.(?:example|test|invalid|localhost)$/.test(lower) ||
    /^(?:your|my)[-_.]?/.test(lower) ||
    /[<>{}$]/.test(lower)
  );
}

/** Hosts that reveal nothing about anyone's infrastructure: documentation and loopback. */
export function isPlaceholderHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/:\d+$/, '');
  return lower === 'localhost' || lower === '127.0.0.1' || lower === '0.0.0.0' || lower === '[::1]' || isExampleHost(lower);
}

const SCHEME_BEFORE = /(?:jdbc:)?[A-Za-z][A-Za-z0-9+.\-]{0,30}$/;
const SCHEME_CHARACTER = /[A-Za-z0-9+.\-:]/;

/**
 * Calls `visit` for each `scheme://` in the text with the scheme's start and the offset after
 * `://`. Anchoring on the literal `://` (found by indexOf) keeps URL rules from trying a scheme
 * at every word of the text.
 */
export function forEachUrl(text: string, visit: (schemeStart: number, scheme: string, authorityStart: number) => void): void {
  for (let index = text.indexOf('://'); index >= 0; index = text.indexOf('://', index + 3)) {
    const before = text.slice(Math.max(0, index - 36), index);
    const scheme = SCHEME_BEFORE.exec(before)?.[0];
    if (scheme === undefined) continue;
    const schemeStart = index - scheme.length;
    if (schemeStart > 0 && SCHEME_CHARACTER.test(text[schemeStart - 1]!)) continue;
    visit(schemeStart, scheme, index + 3);
  }
}
