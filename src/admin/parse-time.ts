import { AirlockError } from '../errors/airlock-error.js';

/**
 * Times as an operator types them, for `--since`, `--until`, `--expires` and the admin API:
 * an ISO date or date-time (`2026-07-01`, `2026-07-01T09:00:00Z`; a date alone is midnight UTC),
 * or a duration (`90m`, `12h`, `30d`, `2w`) counted back from now (since/until) or forward
 * (expiry).
 */

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d{1,6})([smhdw])$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of a duration like `30d`, or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

function parseDate(text: string): Date | undefined {
  const trimmed = text.trim();
  if (!ISO_DATE.test(trimmed) && !ISO_DATE_TIME.test(trimmed)) return undefined;
  const date = new Date(ISO_DATE.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function invalid(param: string): AirlockError {
  return new AirlockError(
    'INVALID_REQUEST',
    `${param} must be an ISO date (2026-07-01), an ISO date-time with a zone (2026-07-01T09:00:00Z) or a duration (90m, 12h, 30d, 2w).`,
    { param },
  );
}

/** A moment in the past: a date, or a duration before `now` (`7d` = seven days ago). */
export function parsePastInstant(text: string, param: string, now: Date = new Date()): Date {
  const duration = parseDuration(text);
  if (duration !== undefined) return new Date(now.getTime() - duration);
  const date = parseDate(text);
  if (date === undefined) throw invalid(param);
  return date;
}

/** A moment in the future: a date, or a duration after `now` (`30d` = thirty days from now). */
export function parseFutureInstant(text: string, param: string, now: Date = new Date()): Date {
  const duration = parseDuration(text);
  if (duration !== undefined) return new Date(now.getTime() + duration);
  const date = parseDate(text);
  if (date === undefined) throw invalid(param);
  return date;
}
