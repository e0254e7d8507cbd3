import { readFileSync } from 'node:fs';

export interface InjectionSample {
  text: string;
  /** True for `jailbreak`, false for `benign`. */
  isJailbreak: boolean;
}

export interface InjectionSplit {
  train: InjectionSample[];
  test: InjectionSample[];
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes) into rows. */
export function parseCsv(source: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < source.length; index++) {
    const character = source[index]!;
    if (quoted) {
      if (character !== '"') field += character;
      else if (source[index + 1] === '"') {
        field += '"';
        index++;
      } else quoted = false;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && source[index + 1] === '\n') index++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += character;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Loads injection-train.csv (`prompt,type`, type `benign` or `jailbreak`). */
export function loadInjectionCorpus(path: string): InjectionSample[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  if (header?.[0] !== 'prompt' || header[1] !== 'type') throw new Error('injection corpus: expected a prompt,type header');
  return rows
    .filter((row) => row.length === 2)
    .map(([text = '', type = '']) => {
      if (type !== 'benign' && type !== 'jailbreak') throw new Error('injection corpus: type must be benign or jailbreak');
      return { text, isJailbreak: type === 'jailbreak' };
    });
}

/** A small deterministic PRNG (mulberry32): the split and training must be reproducible byte for byte. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles a copy with Fisher-Yates driven by `random`. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

export const SPLIT_SEED = 20_240_601;
export const TEST_FRACTION = 0.2;

/** Stratified split: `TEST_FRACTION` of each class, chosen by a fixed seed, is held out for testing. */
export function splitInjectionCorpus(samples: readonly InjectionSample[], seed = SPLIT_SEED): InjectionSplit {
  const random = createRandom(seed);
  const train: InjectionSample[] = [];
  const test: InjectionSample[] = [];
  for (const label of [false, true]) {
    const ofClass = shuffle(
      samples.filter((sample) => sample.isJailbreak === label),
      random,
    );
    const testCount = Math.round(ofClass.length * TEST_FRACTION);
    test.push(...ofClass.slice(0, testCount));
    train.push(...ofClass.slice(testCount));
  }
  return { train, test };
}
