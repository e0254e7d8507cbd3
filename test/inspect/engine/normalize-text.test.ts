import { describe, expect, it } from 'vitest';
import { mapSpan, normalizeText } from '../../../src/inspect/engine/normalize-text.js';

function mapped(text: string, needle: string): string {
  const normalized = normalizeText(text);
  const start = normalized.text.indexOf(needle);
  expect(start).toBeGreaterThanOrEqual(0);
  const span = mapSpan(normalized, start, start + needle.length);
  return text.slice(span.start, span.end);
}

describe('normalizeText', () => {
  it('returns ASCII text unchanged, without an offset map', () => {
    const text = 'plain ascii text';
    expect(normalizeText(text)).toEqual({ text, edits: null });
  });

  it('returns already-normal non-ASCII text unchanged', () => {
    expect(normalizeText('café 東京 🔑').edits).toBeNull();
  });

  it('folds full-width characters (NFKC) and maps findings back to the original span', () => {
    const text = 'key: ｇｈｐ＿abc end';
    expect(normalizeText(text).text).toBe('key: ghp_abc end');
    expect(mapped(text, 'ghp_abc')).toBe('ｇｈｐ＿abc');
    expect(mapped(text, 'end')).toBe('end');
  });

  it('removes zero-width and bidirectional characters', () => {
    const text = 'A\u200bK\u200cI\u200dA\u2060X \u202eY\ufeff';
    expect(normalizeText(text).text).toBe('AKIAX Y');
    expect(mapped(text, 'AKIAX')).toBe('A\u200bK\u200cI\u200dA\u2060X');
  });

  it('decodes Unicode tag characters to the ASCII they shadow', () => {
    const hidden = [...'sk-ant'].map((character) => String.fromCodePoint(0xe0000 + character.charCodeAt(0))).join('');
    const text = `x${hidden}y`;
    expect(normalizeText(text).text).toBe('xsk-anty');
    expect(mapped(text, 'sk-ant')).toBe(hidden);
  });

  it('composes a combining mark with the ASCII letter before it', () => {
    const text = 'cafe\u0301 ok';
    expect(normalizeText(text).text).toBe('café ok');
    expect(mapped(text, 'café')).toBe('cafe\u0301');
    expect(mapped(text, 'ok')).toBe('ok');
  });

  it('maps spans that end inside an expanded character to the whole character', () => {
    const text = 'the \ufb01le';
    expect(normalizeText(text).text).toBe('the file');
    expect(mapped(text, 'f')).toBe('\ufb01');
    expect(mapped(text, 'file')).toBe('\ufb01le');
  });
});
