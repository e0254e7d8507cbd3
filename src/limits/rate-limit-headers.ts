import type { LimitSubject, RateLimitHeaders } from './types.js';

/** A subject's window after the decision: what the headers are computed from. */
export interface SubjectSnapshot {
  subject: LimitSubject;
  requests: number;
  tokens: number;
  /** When the oldest request / token entry still in the window was admitted (ms), or null. */
  oldestRequestAt: number | null;
  oldestTokenAt: number | null;
}

/** OpenAI's duration format: `20ms`, `1s`, `17.5s`, `6m0s`. */
export function formatResetDuration(milliseconds: number): string {
  const ms = Math.max(0, Math.ceil(milliseconds));
  if (ms < 1_000) return `${ms}ms`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = String(Number(((ms % 60_000) / 1_000).toFixed(3)));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

function pickTightest(
  snapshots: readonly SubjectSnapshot[],
  limitOf: (subject: LimitSubject) => number | null | undefined,
  used: (snapshot: SubjectSnapshot) => number,
): SubjectSnapshot | undefined {
  let tightest: SubjectSnapshot | undefined;
  let tightestRemaining = Infinity;
  for (const snapshot of snapshots) {
    const limit = limitOf(snapshot.subject);
    if (limit === null || limit === undefined) continue;
    const remaining = limit - used(snapshot);
    if (remaining < tightestRemaining) {
      tightest = snapshot;
      tightestRemaining = remaining;
    }
  }
  return tightest;
}

/**
 * The `x-ratelimit-*` headers of the most constrained subject (least remaining). `reset-*` is
 * the time until the oldest counted request (or tokens) leaves the sliding window, i.e. until
 * `remaining` next grows.
 */
export function buildRateLimitHeaders(snapshots: readonly SubjectSnapshot[], now: number, windowMs: number): RateLimitHeaders {
  const headers: RateLimitHeaders = {};
  const byRequests = pickTightest(
    snapshots,
    (subject) => subject.rpm,
    (snapshot) => snapshot.requests,
  );
  if (byRequests !== undefined) {
    const limit = byRequests.subject.rpm ?? 0;
    headers['x-ratelimit-limit-requests'] = String(limit);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, limit - byRequests.requests));
    headers['x-ratelimit-reset-requests'] = formatResetDuration(
      byRequests.oldestRequestAt === null ? 0 : byRequests.oldestRequestAt + windowMs - now,
    );
  }
  const byTokens = pickTightest(
    snapshots,
    (subject) => subject.tpm,
    (snapshot) => snapshot.tokens,
  );
  if (byTokens !== undefined) {
    const limit = byTokens.subject.tpm ?? 0;
    headers['x-ratelimit-limit-tokens'] = String(limit);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, limit - byTokens.tokens));
    headers['x-ratelimit-reset-tokens'] = formatResetDuration(
      byTokens.oldestTokenAt === null ? 0 : byTokens.oldestTokenAt + windowMs - now,
    );
  }
  return headers;
}

/** Whole seconds for `retry-after`, at least 1. */
export function toRetryAfterSeconds(milliseconds: number): number {
  return Math.max(1, Math.ceil(milliseconds / 1_000));
}
