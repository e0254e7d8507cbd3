import { describe, expect, it } from 'vitest';
import { inspectSchema } from '../../src/config/inspect-schema.js';
import { createInspector } from '../../src/inspect/create-inspector.js';
import { createDetectors } from '../../src/inspect/detectors/index.js';
import type { Detector } from '../../src/inspect/types.js';
import { STRUCTURAL_CASES } from './detectors/secrets/structural-cases.js';
import { TOKEN_CASES } from './detectors/secrets/token-rule-cases.js';

/**
 * Catastrophic backtracking shows up as seconds, not milliseconds: every detector (secret, PII,
 * config, code, injection, and the configured ones) gets ~100 KB of adversarial input built from
 * its own keywords and anchors (long runs of the characters its patterns repeat, near misses repeated) and
 * must finish well under 100 ms. This is a safety bound, not a benchmark: linear scans take ~1 ms.
 */
const SIZE = 100_000;
const LIMIT_MS = 100;
const FILLERS = ['a', 'A', '0', 'f', '-', '_', '.', '/', '=', ' ', '\n', ':', '@', '%', '"', '\\'];

const config = inspectSchema.parse({
  internalDomains: ['corp.acme.com'],
  proprietary: { companyNames: ['Acme Corp'], packageScopes: ['@acme/'], keywords: ['falcon'] },
});
const detectors = createDetectors(config);

function repeatTo(unit: string, size = SIZE): string {
  return unit.repeat(Math.ceil(size / Math.max(1, unit.length))).slice(0, size);
}

function createAdversarialInputs(detector: Detector): string[] {
  // Anchored patterns are tried at every anchor: anchors repeated are their worst case.
  const seeds = [...detector.keywords.slice(0, 2), ...(detector.anchors ?? []).slice(0, 3)];
  const keywords = seeds.length === 0 ? [''] : seeds;
  const inputs: string[] = [];
  for (const keyword of keywords) {
    for (const filler of FILLERS) {
      inputs.push(keyword + filler.repeat(SIZE));
      inputs.push(repeatTo(keyword + filler));
      inputs.push(repeatTo(keyword + filler.repeat(48) + ' '));
    }
  }
  return inputs;
}

/** The fastest of up to three runs, so a busy machine (two cores shared by many jobs) does not fail the bound. */
function measure(detector: Detector, input: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    detector.detect(input, { role: 'tool-result' });
    best = Math.min(best, performance.now() - started);
    if (best < LIMIT_MS / 4) break;
  }
  return best;
}

describe('regex safety', () => {
  it.each(detectors.map((detector) => [detector.id, detector] as const))('%s stays linear on adversarial input', (_id, detector) => {
    const slow: string[] = [];
    for (const input of createAdversarialInputs(detector)) {
      const elapsed = measure(detector, input);
      if (elapsed > LIMIT_MS) slow.push(`${JSON.stringify(input.slice(0, 24))}… took ${elapsed.toFixed(0)} ms`);
    }
    expect(slow).toEqual([]);
  });

  it('stays linear on near misses of every secret format, repeated', () => {
    const nearMisses = [
      ...TOKEN_CASES.flatMap((row) => [row.token.slice(0, -1) + ' ', ...row.negatives.map((negative) => negative + '\n')]),
      ...STRUCTURAL_CASES.flatMap((row) => row.negatives.map((negative) => negative + '\n')),
    ];
    const slow: string[] = [];
    for (const nearMiss of nearMisses) {
      const input = repeatTo(nearMiss, 50_000);
      for (const detector of detectors) {
        const elapsed = measure(detector, input);
        if (elapsed > LIMIT_MS) slow.push(`${detector.id} on ${JSON.stringify(nearMiss.slice(0, 24))}: ${elapsed.toFixed(0)} ms`);
      }
    }
    expect(slow).toEqual([]);
  });

  it('inspects 100 KB of adversarial text end to end (prefilter, normalisation, decoding) in bounded time', () => {
    const inspector = createInspector({ config, fingerprintKey: 'test' });
    const base64 = Buffer.from('password = "' + 'x'.repeat(60) + '"\n').toString('base64');
    const inputs = [
      'a'.repeat(SIZE),
      repeatTo('='),
      repeatTo(base64),
      repeatTo('%41'),
      repeatTo('\u200b'),
      repeatTo('ｇｈｐ＿'),
      repeatTo('e\u0301'),
      repeatTo('```js\n'),
      repeatTo('AKIA'),
      repeatTo('key=value\n'),
      repeatTo('1 '),
      repeatTo('Dear Mr '),
      repeatTo('ignore without '),
    ];
    for (const input of inputs) {
      const started = performance.now();
      inspector.inspectText(input, { role: 'tool-result' });
      expect(performance.now() - started, JSON.stringify(input.slice(0, 12))).toBeLessThan(1_000);
    }
  });
});
