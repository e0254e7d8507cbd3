import { AirlockError } from '../errors/airlock-error.js';

/**
 * Backend errors become AirlockErrors with a message safe for clients (never SQL, values or
 * connection strings; those stay in `cause` for the operator's log).
 */

// SQLite's own codes, and file-system codes (EACCES, ENOTDIR…) from creating the data folder.
const SQLITE_UNAVAILABLE = /^(SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|READONLY|CORRUPT|NOTADB|PROTOCOL)|E[A-Z]+$)/;

export function convertSqliteError(error: unknown): AirlockError {
  if (error instanceof AirlockError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && SQLITE_UNAVAILABLE.test(code)) {
    return new AirlockError('STORE_UNAVAILABLE', 'The store is unavailable.', { cause: error, isRetryable: true, retryAfter: 1 });
  }
  return new AirlockError('INTERNAL', 'Internal error.', { cause: error });
}

/** SQLSTATE classes meaning the server or connection is unusable right now. */
const POSTGRES_UNAVAILABLE_CLASSES = ['08', '53', '57', '58'];
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);

function isPostgresUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    if (code.length === 5 && POSTGRES_UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) return true;
  }
  const message = error instanceof Error ? error.message : '';
  // pg reports its own timeouts and dropped connections as plain Errors without a code.
  return /timeout|timed out|Connection terminated|connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
    message,
  );
}

export function convertPostgresError(error: unknown): AirlockError {
  if (error instanceof AirlockError) return error;
  if (error instanceof AggregateError && error.errors.some(isPostgresUnavailable)) {
    return new AirlockError('STORE_UNAVAILABLE', 'The store is unavailable.', { cause: error, isRetryable: true, retryAfter: 1 });
  }
  if (isPostgresUnavailable(error)) {
    return new AirlockError('STORE_UNAVAILABLE', 'The store is unavailable.', { cause: error, isRetryable: true, retryAfter: 1 });
  }
  return new AirlockError('INTERNAL', 'Internal error.', { cause: error });
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function isCheckViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK';
}

/** Constraint failures are the caller's bad input; anything else goes through `convert`. */
export function convertWriteError(error: unknown, convert: (error: unknown) => AirlockError, what: string): AirlockError {
  if (isUniqueViolation(error)) return new AirlockError('INVALID_REQUEST', `${what} already exists.`, { cause: error });
  if (isCheckViolation(error)) {
    return new AirlockError('INVALID_REQUEST', 'A limit, budget or token count is negative.', { cause: error });
  }
  return convert(error);
}
