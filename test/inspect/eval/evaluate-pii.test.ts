import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluatePii } from '../../../src/inspect/eval/evaluate-pii.js';
import { loadPiiCorpus, type PiiSample } from '../../../src/inspect/eval/pii-corpus.js';
import { computeScores } from '../../../src/inspect/eval/scores.js';

describe('computeScores', () => {
  it('computes precision, recall and F1, and 0 for empty denominators', () => {
    expect(computeScores({ truePositives: 3, falsePositives: 1, falseNegatives: 2 })).toMatchObject({ precision: 0.75, recall: 0.6 });
    expect(computeScores({ truePositives: 3, falsePositives: 1, falseNegatives: 2 }).f1).toBeCloseTo(2 / 3, 10);
    expect(computeScores({ truePositives: 0, falsePositives: 0, falseNegatives: 0 })).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('loadPiiCorpus', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'airlock-pii-corpus-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('maps presidio types to ours and selects birth dates by context', () => {
    const file = path.join(directory, 'corpus.json');
    const text = 'Mail a@b.co. She was born on 8/5/1989. Meeting on 2/3/2020 in Oslo.';
    const span = (entity_type: string, value: string) => ({
      entity_type,
      start_position: text.indexOf(value),
      end_position: text.indexOf(value) + value.length,
    });
    writeFileSync(
      file,
      JSON.stringify([
        {
          full_text: text,
          spans: [span('EMAIL_ADDRESS', 'a@b.co'), span('DATE_TIME', '8/5/1989'), span('DATE_TIME', '2/3/2020'), span('GPE', 'Oslo')],
        },
      ]),
    );
    const [sample] = loadPiiCorpus(file);
    expect(sample!.spans.map((gold) => gold.type)).toEqual(['email', 'date_of_birth', 'date_time', 'other:GPE']);
  });
});

describe('evaluatePii', () => {
  const samples: PiiSample[] = [
    {
      text: 'x',
      spans: [
        { type: 'email', start: 0, end: 10 },
        { type: 'phone', start: 20, end: 30 },
      ],
    },
    { text: 'y', spans: [{ type: 'email', start: 5, end: 9 }] },
  ];

  it('counts overlap of the same type as found, everything else as errors', () => {
    const predictions = [
      [
        { type: 'email', start: 8, end: 12 },
        { type: 'phone', start: 0, end: 4 },
        { type: 'email', start: 9, end: 10 },
      ],
      [{ type: 'phone', start: 5, end: 9 }],
    ];
    let call = 0;
    const result = evaluatePii(samples, ['email', 'phone'], () => predictions[call++]!);
    expect(result.scores.get('email')).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 1 });
    // The phone prediction at 0..4 overlaps only an email: a false positive; the gold phone is missed.
    expect(result.scores.get('phone')).toMatchObject({ truePositives: 0, falsePositives: 2, falseNegatives: 1 });
    expect(result.support.get('email')).toBe(2);
    expect(result.errors.filter((error) => error.kind === 'false-negative').map((error) => [error.sample, error.type])).toEqual([
      [0, 'phone'],
      [1, 'email'],
    ]);
  });
});
