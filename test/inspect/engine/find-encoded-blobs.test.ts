import { describe, expect, it } from 'vitest';
import { findEncodedBlobs } from '../../../src/inspect/engine/find-encoded-blobs.js';
import { createKeywordAutomaton } from '../../../src/inspect/engine/keyword-automaton.js';

function blobs(text: string, budget = 1_000_000) {
  const runs: number[] = [];
  createKeywordAutomaton([]).scan(text, new Uint8Array(0), undefined, runs);
  return findEncodedBlobs(text, runs, { remainingBytes: budget });
}

describe('findEncodedBlobs', () => {
  it('decodes base64 (standard and url-safe) of text, spanning the padding', () => {
    const secret = 'password = "hunter2hunter2"';
    const encoded = Buffer.from(secret).toString('base64');
    const text = `data: ${encoded} end`;
    const [blob] = blobs(text);
    expect(blob).toMatchObject({ decoded: secret, encoding: 'base64' });
    expect(text.slice(blob!.start, blob!.end)).toBe(encoded);
    expect(blobs(Buffer.from('token=abc?>def~~>xyz').toString('base64url'))[0]?.decoded).toBe('token=abc?>def~~>xyz');
  });

  it('decodes hex of printable text but not hashes', () => {
    const text = Buffer.from('sk-ant-api03-example').toString('hex');
    expect(blobs(text)[0]).toMatchObject({ decoded: 'sk-ant-api03-example', encoding: 'hex' });
    expect(blobs('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toEqual([]);
  });

  it('decodes percent-encoded runs', () => {
    const text = 'url=postgres%3A%2F%2Fadmin%3As3cret%40db.internal%2Fapp rest';
    expect(blobs(text)).toEqual([
      { start: 4, end: text.indexOf(' rest'), decoded: 'postgres://admin:s3cret@db.internal/app', encoding: 'percent' },
    ]);
  });

  it('skips identifiers, random tokens and binary', () => {
    expect(blobs('someVeryLongFunctionNameForTesting anotherIdentifierThatIsLong')).toEqual([]);
    expect(blobs(Buffer.from(Array.from({ length: 48 }, (_, index) => (index * 37) % 256)).toString('base64'))).toEqual([]);
  });

  it('stops at the byte budget', () => {
    const encoded = Buffer.from('x'.repeat(300)).toString('base64');
    expect(blobs(encoded, 100)).toEqual([]);
    expect(blobs(encoded, 1_000)).toHaveLength(1);
  });
});
