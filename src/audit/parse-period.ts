import { parsePastInstant } from '../admin/parse-time.js';
import { AirlockError } from '../errors/airlock-error.js';
import type { RecordFilter } from './audit-queries.js';

/** The filter flags of `airlock audit query` and the admin API's query string, as typed. */
export interface RecordFilterInput {
  since?: string | undefined;
  until?: string | undefined;
  month?: string | undefined;
  user?: string | undefined;
  team?: string | undefined;
  destination?: string | undefined;
  classification?: string | undefined;
  action?: string | undefined;
  outcome?: string | undefined;
  request?: string | undefined;
  limit?: string | number | undefined;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * A period from `--month YYYY-MM` (that calendar month, UTC) or `--since` / `--until` (dates,
 * date-times or durations back from now). Without any, `defaultDays` back from now.
 */
export function parsePeriod(input: RecordFilterInput, defaultDays?: number): { since?: Date; until?: Date } {
  if (input.month !== undefined && input.month !== '') {
    const match = MONTH.exec(input.month);
    if (!match) throw new AirlockError('INVALID_REQUEST', 'month must be YYYY-MM, e.g. 2026-11.', { param: 'month' });
    const year = Number(match[1]);
    const month = Number(match[2]) - 1;
    return { since: new Date(Date.UTC(year, month, 1)), until: new Date(Date.UTC(year, month + 1, 1)) };
  }
  const period: { since?: Date; until?: Date } = {};
  if (input.since) period.since = parsePastInstant(input.since, 'since');
  else if (defaultDays !== undefined) period.since = new Date(Date.now() - defaultDays * 86_400_000);
  if (input.until) period.until = parsePastInstant(input.until, 'until');
  return period;
}

/** Every filter, validated; unknown classifications and actions are refused so a typo cannot return an empty "clean" result. */
export function parseRecordFilter(input: RecordFilterInput): RecordFilter {
  const filter: RecordFilter = parsePeriod(input);
  for (const [key, field] of [
    ['user', 'user'],
    ['team', 'team'],
    ['destination', 'destination'],
    ['outcome', 'outcome'],
    ['request', 'requestId'],
  ] as const) {
    const value = input[key];
    if (value !== undefined && value !== '') filter[field] = value;
  }
  if (input.classification) {
    if (!['public', 'internal', 'confidential', 'restricted'].includes(input.classification)) {
      throw new AirlockError('INVALID_REQUEST', 'classification must be public, internal, confidential or restricted.', {
        param: 'classification',
      });
    }
    filter.classification = input.classification;
  }
  if (input.action) {
    if (!['allow', 'redact', 'reroute', 'block', 'monitor'].includes(input.action)) {
      throw new AirlockError('INVALID_REQUEST', 'action must be allow, redact, reroute, block or monitor.', { param: 'action' });
    }
    filter.action = input.action;
  }
  if (input.limit !== undefined && input.limit !== '') {
    const limit = Number(input.limit);
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new AirlockError('INVALID_REQUEST', 'limit must be a positive whole number.', { param: 'limit' });
    filter.limit = limit;
  }
  return filter;
}
