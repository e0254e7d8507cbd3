import { describe, expect, it } from 'vitest';
import { createRequestId } from '../../src/server/request-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createRequestId', () => {
  it('makes RFC 9562 version 7 UUIDs whose first 48 bits are the time in milliseconds', () => {
    const now = Date.UTC(2026, 10, 27, 12, 0, 0, 123);
    const id = createRequestId(now);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });

  it('orders ids by time and never repeats one (across refills of the random pool)', () => {
    const ids = Array.from({ length: 5_000 }, (_, index) => createRequestId(1_700_000_000_000 + Math.floor(index / 10)));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V7);
    const byTime = ids.map((id) => id.slice(0, 13));
    expect([...byTime].sort()).toEqual(byTime);
  });
});
