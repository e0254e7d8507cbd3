import { describe, expect, it } from 'vitest';
import { TextAnalysis } from '../../../src/inspect/detectors/text-analysis.js';
import { createKeywordAutomaton, MIN_ALPHABET_RUN } from '../../../src/inspect/engine/keyword-automaton.js';

function triggered(groups: string[][], text: string): number[] {
  const marks = new Uint8Array(groups.length);
  createKeywordAutomaton(groups).scan(text, marks);
  return [...marks].flatMap((mark, index) => (mark === 1 ? [index] : []));
}

/** The obvious implementation, to compare against. */
function naive(groups: string[][], text: string): number[] {
  const lower = text.toLowerCase();
  return groups.flatMap((keywords, index) => (keywords.some((keyword) => lower.includes(keyword.toLowerCase())) ? [index] : []));
}

describe('keyword automaton', () => {
  it('marks the groups whose keywords occur, case-insensitively', () => {
    const groups = [['ghp_'], ['akia', 'asia'], ['password'], ['never']];
    expect(triggered(groups, 'token GHP_abc and AKIAXXXX and PassWord')).toEqual([0, 1, 2]);
  });

  it('finds keywords that overlap or are suffixes of each other (failure links)', () => {
    const groups = [['she'], ['he'], ['hers'], ['his']];
    expect(triggered(groups, 'ushers')).toEqual([0, 1, 2]);
    expect(triggered([['abcd'], ['bc']], 'xabcx')).toEqual([1]);
    expect(triggered([['aab']], 'aaab')).toEqual([0]);
  });

  it('handles non-ASCII keywords and text', () => {
    expect(triggered([['société'], ['bank']], 'SOCIÉTÉ Générale')).toEqual([0]);
    expect(triggered([['key']], '鍵 key 🔑')).toEqual([0]);
  });

  it('never marks groups without keywords and leaves already-marked groups alone', () => {
    const marks = Uint8Array.from([1, 0, 0]);
    createKeywordAutomaton([['x'], [], ['y']]).scan('x y', marks);
    expect([...marks]).toEqual([1, 0, 1]);
  });

  it('agrees with a naive search on random text', () => {
    const alphabet = 'abcAB_-.';
    const groups = Array.from({ length: 30 }, (_, group) => [
      alphabet.slice(group % 5, (group % 5) + 1 + (group % 3)),
      `${'ab'.repeat(group % 4)}c`,
    ]);
    let seed = 1;
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let index = 0; index < 60; index++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      expect(triggered(groups, text)).toEqual(naive(groups, text));
    }
  });

  it('reports runs of base64 characters in the same pass', () => {
    const runs: number[] = [];
    const text = `x ${'A'.repeat(MIN_ALPHABET_RUN)} short ${'b/+_-'.repeat(5)}`;
    createKeywordAutomaton([['short']]).scan(text, new Uint8Array(1), undefined, runs);
    expect(runs).toEqual([2, 2 + MIN_ALPHABET_RUN, text.length - 25, text.length]);
  });

  it('reports the same runs as a naive search, at every length around the minimum', () => {
    let seed = 11;
    const next = (limit: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % limit;
    };
    const automaton = createKeywordAutomaton([['ab']], [['z']]);
    for (let round = 0; round < 300; round++) {
      let text = '';
      while (text.length < 200) text += 'aZ9+/_-'[next(7)]!.repeat(next(40)) + ' .,é\n'[next(5)]!.repeat(1 + next(3));
      const runs: number[] = [];
      automaton.scan(text, new Uint8Array(1), [], runs);
      const expected = [...text.matchAll(/[A-Za-z0-9+/_-]+/g)]
        .filter((match) => match[0].length >= MIN_ALPHABET_RUN)
        .flatMap((match) => [match.index, match.index + match[0].length]);
      expect(runs).toEqual(expected);
    }
  });

  it('reports the number runs TextAnalysis would find, in the same pass', () => {
    let seed = 5;
    const next = (limit: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % limit;
    };
    const automaton = createKeywordAutomaton([['ab'], ['1-2']]);
    const texts = ['tel: +1 (415) 555-0132; v1.2 and 10.0.0.1', '', '7', ' .5', 'x (1) y', '12.34.'];
    for (let round = 0; round < 300; round++) {
      let text = '';
      while (text.length < 120) text += '09 ().+-'[next(8)]!.repeat(next(4)) + 'ab\n,é_x'[next(8)]!.repeat(next(3));
      texts.push(text);
    }
    for (const text of texts) {
      const numbers: number[] = [];
      automaton.scan(text, new Uint8Array(2), undefined, undefined, numbers);
      expect(numbers, text).toEqual([...new TextAnalysis(text).numberRuns]);
    }
  });

  it('reports every occurrence of anchor literals, overlapping ones too, without triggering anything', () => {
    const hits: number[] = [];
    const marks = new Uint8Array(1);
    createKeywordAutomaton([['zzz']], [['key'], ['my name'], ['name']]).scan('KeyName: my name', marks, hits);
    expect([...marks]).toEqual([0]);
    expect(hits).toEqual([0, 3, 2, 7, 1, 16, 2, 16]);
  });

  it('keeps recording anchors after every keyword group has fired', () => {
    const hits: number[] = [];
    const marks = new Uint8Array(1);
    createKeywordAutomaton([['a']], [['b']]).scan('a b b', marks, hits);
    expect([...marks]).toEqual([1]);
    expect(hits).toEqual([0, 3, 0, 5]);
  });

  it('finds anchors where a naive search does, on random text', () => {
    const alphabet = 'abAB -';
    const anchors = ['ab', 'ba', 'a b', 'bab'];
    const automaton = createKeywordAutomaton(
      [],
      anchors.map((anchor) => [anchor]),
    );
    let seed = 7;
    for (let round = 0; round < 200; round++) {
      let text = '';
      for (let index = 0; index < 40; index++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      const hits: number[] = [];
      automaton.scan(text, new Uint8Array(0), hits);
      const found = new Set<string>();
      for (let index = 0; index < hits.length; index += 2) found.add(`${hits[index]}@${hits[index + 1]}`);
      const expected = new Set<string>();
      const lower = text.toLowerCase();
      anchors.forEach((anchor, group) => {
        for (let start = lower.indexOf(anchor); start >= 0; start = lower.indexOf(anchor, start + 1))
          expected.add(`${group}@${start + anchor.length}`);
      });
      expect(found).toEqual(expected);
    }
  });
});
