import { describe, expect, it } from 'vitest';
import { mergeMatches } from '../../../src/inspect/engine/merge-matches.js';
import type { DetectorMatch } from '../../../src/inspect/types.js';

const match = (type: string, start: number, end: number, confidence: number, extra: Partial<DetectorMatch> = {}): DetectorMatch => ({
  category: 'secret',
  type,
  start,
  end,
  confidence,
  ...extra,
});

describe('mergeMatches', () => {
  it('keeps the more confident of two overlapping values in a category', () => {
    expect(mergeMatches([match('generic_secret', 0, 40, 0.7), match('github_personal_access_token', 5, 45, 0.99)])).toEqual([
      match('github_personal_access_token', 5, 45, 0.99),
    ]);
  });

  it('prefers the longer span on equal confidence, then the earlier one', () => {
    expect(mergeMatches([match('a', 0, 10, 0.9), match('b', 5, 30, 0.9)])).toEqual([match('b', 5, 30, 0.9)]);
    expect(mergeMatches([match('a', 10, 20, 0.9), match('b', 0, 10, 0.9), match('c', 5, 15, 0.9)])).toEqual([
      match('b', 0, 10, 0.9),
      match('a', 10, 20, 0.9),
    ]);
  });

  it('keeps overlapping values of different categories', () => {
    const ip = match('private_ip', 20, 28, 0.85, { category: 'config' });
    const password = match('database_connection_string', 10, 19, 0.9);
    const address = match('ip_address', 20, 28, 0.8, { category: 'pii' });
    expect(mergeMatches([ip, password, address])).toEqual([password, ip, address]);
  });

  // Regression: `ig\u200Bnore all previous instructions` reported only the override, losing the invisible character.
  it('keeps overlapping injection values of different types, and merges those of one type', () => {
    const injection = { category: 'injection' as const };
    const override = match('instruction_override', 0, 33, 0.8, injection);
    const invisible = match('invisible_unicode', 2, 3, 0.6, injection);
    const sameTypeWeaker = match('instruction_override', 10, 33, 0.55, injection);
    expect(mergeMatches([invisible, override, sameTypeWeaker])).toEqual([override, invisible]);
  });

  it('still merges overlapping secret and PII values of different types within their category', () => {
    const email = match('email', 0, 20, 0.95, { category: 'pii' });
    const person = match('person', 0, 8, 0.6, { category: 'pii' });
    expect(mergeMatches([person, email])).toEqual([email]);
    expect(mergeMatches([match('generic_secret', 0, 40, 0.7), match('password', 5, 20, 0.6)])).toEqual([
      match('generic_secret', 0, 40, 0.7),
    ]);
  });

  it('never merges a region with the values inside it', () => {
    const region = match('env_block', 0, 100, 0.8, { category: 'config', region: true });
    const value = match('private_ip', 10, 20, 0.85, { category: 'config' });
    expect(mergeMatches([region, value])).toEqual([region, value]);
  });

  it('merges overlapping regions of one type', () => {
    const code = { category: 'code' as const, region: true };
    expect(mergeMatches([match('source_code', 0, 50, 0.7, code), match('source_code', 40, 90, 0.9, code)])).toEqual([
      match('source_code', 40, 90, 0.9, code),
    ]);
  });
});
