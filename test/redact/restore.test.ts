import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/canonical/types.js';
import { restoreResponse, restoreStream, restoreText } from '../../src/redact/restore.js';
import { createVault } from '../../src/redact/vault.js';

async function collect(events: StreamEvent[]): Promise<StreamEvent[]> {
  const output: StreamEvent[] = [];
  async function* source() {
    yield* events;
  }
  for await (const event of restoreStream(source(), vault())) output.push(event);
  return output;
}

function vault() {
  const created = createVault();
  created.placeholderFor('alice@example.com', 'email');
  created.placeholderFor('AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id');
  created.placeholderFor('pa"ss\\word', 'password');
  return created;
}

/** Cuts text at the given offsets into deltas. */
function cut(text: string, points: number[]): string[] {
  const sorted = [...new Set(points.map((point) => point % (text.length + 1)))].sort((left, right) => left - right);
  const pieces: string[] = [];
  let previous = 0;
  for (const point of sorted) {
    pieces.push(text.slice(previous, point));
    previous = point;
  }
  pieces.push(text.slice(previous));
  return pieces;
}

describe('vault', () => {
  it('gives the same value the same placeholder and numbers values by first appearance', () => {
    const created = createVault();
    expect(created.placeholderFor('a@x.io', 'email')).toBe('<EMAIL_1>');
    expect(created.placeholderFor('b@x.io', 'email')).toBe('<EMAIL_2>');
    expect(created.placeholderFor('a@x.io', 'email')).toBe('<EMAIL_1>');
    expect(created.placeholderFor('AKIA0000', 'aws_access_key_id')).toBe('<AWS_ACCESS_KEY_ID_1>');
    expect(created.valueOf('<EMAIL_2>')).toBe('b@x.io');
    expect(created.valueOf('<EMAIL_3>')).toBeUndefined();
  });

  it('never issues a placeholder the request already contains literally', () => {
    const created = createVault(['please keep <EMAIL_1> as is']);
    expect(created.placeholderFor('a@x.io', 'email')).toBe('<EMAIL_2>');
    expect(restoreText('<EMAIL_1> and <EMAIL_2>', created)).toBe('<EMAIL_1> and a@x.io');
  });
});

describe('restore', () => {
  it('restores JSON responses, escaping values inside tool-call arguments', () => {
    const restored = restoreResponse(
      {
        model: 'm',
        text: 'Mail <EMAIL_1> about <AWS_ACCESS_KEY_ID_1>; <UNKNOWN_1> stays',
        toolCalls: [{ id: 'c', name: 'login', arguments: '{"password":"<PASSWORD_1>"}' }],
        finishReason: 'stop',
      },
      vault(),
    );
    expect(restored.text).toBe('Mail alice@example.com about AKIAIOSFODNN7EXAMPLE; <UNKNOWN_1> stays');
    expect(JSON.parse(restored.toolCalls[0]?.arguments ?? '')).toEqual({ password: 'pa"ss\\word' });
  });

  it('restores placeholders split across stream deltas at every possible cut', async () => {
    const said = 'Hi <EMAIL_1>, rotate <AWS_ACCESS_KEY_ID_1> now. a < b, <EMAIL_9>, <Email_1>';
    const expected = 'Hi alice@example.com, rotate AKIAIOSFODNN7EXAMPLE now. a < b, <EMAIL_9>, <Email_1>';
    for (let first = 0; first <= said.length; first++) {
      for (let second = first; second <= said.length; second += 7) {
        const deltas = cut(said, [first, second]);
        const events = await collect([
          ...deltas.map((text): StreamEvent => ({ type: 'text-delta', text })),
          { type: 'finish', finishReason: 'stop' },
        ]);
        const text = events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
        expect(text).toBe(expected);
        expect(events.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
      }
    }
  });

  it('holds back no more than a partial placeholder', async () => {
    const created = vault();
    async function* source(): AsyncGenerator<StreamEvent> {
      yield { type: 'text-delta', text: 'key: <AWS_ACC' };
      yield { type: 'text-delta', text: 'ESS_KEY_ID_1> ok <b>' };
      yield { type: 'finish', finishReason: 'stop' };
    }
    const output: StreamEvent[] = [];
    for await (const event of restoreStream(source(), created)) output.push(event);
    expect(output[0]).toEqual({ type: 'text-delta', text: 'key: ' });
    expect(output[1]).toEqual({ type: 'text-delta', text: 'AKIAIOSFODNN7EXAMPLE ok <b>' });
  });

  it('restores any chunking of text and tool-call arguments (property)', async () => {
    const pieces = fc.constantFrom(
      '<EMAIL_1>',
      '<AWS_ACCESS_KEY_ID_1>',
      '<PASSWORD_1>',
      '<',
      '>',
      'x',
      ' ',
      '<EMAIL_',
      '"',
      'é',
      '<NOPE_1>',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(pieces, { maxLength: 30 }), fc.array(fc.nat(400), { maxLength: 8 }), async (parts, points) => {
        const said = parts.join('');
        const created = vault();
        const deltas = cut(said, points);
        const events: StreamEvent[] = [
          ...deltas.map((text): StreamEvent => ({ type: 'text-delta', text })),
          { type: 'tool-call-start', index: 0, id: 'c', name: 'f' },
          ...deltas.map((text): StreamEvent => ({ type: 'tool-call-delta', index: 0, argumentsDelta: text })),
          { type: 'finish', finishReason: 'stop' },
        ];
        const output = await collect(events);
        const text = output.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
        const args = output.map((event) => (event.type === 'tool-call-delta' ? event.argumentsDelta : '')).join('');
        expect(text).toBe(restoreText(said, created));
        expect(args).toBe(restoreText(said, created, 'json-string'));
      }),
      { numRuns: 2000 },
    );
  });
});
