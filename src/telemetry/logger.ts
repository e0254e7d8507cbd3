import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Redaction paths are a second line of defence: code must never log prompt
 * text, keys or matched values in the first place.
 */
export function createLogger(level: string = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'airlock' },
      redact: {
        paths: ['*.authorization', '*.apiKey', '*.api_key', '*["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
}

/** A logger that drops everything (tests, one-shot CLI commands). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
