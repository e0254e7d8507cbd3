import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/canonical/types.js';
import { MASK_HOLD_BACK, maskStreamedText } from '../../src/pipeline/mask-stream.js';

async function run(deltas: string[], mask = (text: string) => text.replaceAll('SECRET', '[x]')): Promise<StreamEvent[]> {
  async function* source(): AsyncGenerator<StreamEvent> {
    for (const text of deltas) yield { type: 'text-delta', text };
    yield { type: 'finish', finishReason: 'stop' };
  }
  const output: StreamEvent[] = [];
  for await (const event of maskStreamedText(source(), mask)) output.push(event);
  return output;
}

describe('maskStreamedText', () => {
  it('holds back only the word being written and masks it once complete', async () => {
    const events = await run(['a SEC', 'RET b', ' c']);
    expect(events).toEqual([
      { type: 'text-delta', text: 'a ' },
      { type: 'text-delta', text: '[x] ' },
      { type: 'text-delta', text: 'b ' },
      { type: 'text-delta', text: 'c' },
      { type: 'finish', finishReason: 'stop' },
    ]);
  });

  it('never holds back more than MASK_HOLD_BACK characters', async () => {
    const long = 'x'.repeat(MASK_HOLD_BACK + 10);
    const events = await run([long.slice(0, 100), long.slice(100)]);
    expect(events[0]).toEqual({ type: 'text-delta', text: long });
  });
});
