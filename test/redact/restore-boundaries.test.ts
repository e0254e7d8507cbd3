import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/canonical/types.js';
import { restoreStream } from '../../src/redact/restore.js';
import { createVault } from '../../src/redact/vault.js';

async function restore(events: StreamEvent[]): Promise<StreamEvent[]> {
  const vault = createVault();
  vault.placeholderFor('AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id');
  async function* source() {
    yield* events;
  }
  const output: StreamEvent[] = [];
  for await (const event of restoreStream(source(), vault)) output.push(event);
  return output;
}

describe('restoreStream at content-part boundaries', () => {
  it('releases text held back for a possible placeholder before a tool call starts', async () => {
    const output = await restore([
      { type: 'text-delta', text: 'if a <' },
      { type: 'tool-call-start', index: 0, id: 't', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
      { type: 'finish', finishReason: 'tool-calls' },
    ]);
    expect(output.map((event) => event.type)).toEqual(['text-delta', 'text-delta', 'tool-call-start', 'tool-call-delta', 'finish']);
    expect(output.slice(0, 2)).toEqual([
      { type: 'text-delta', text: 'if a ' },
      { type: 'text-delta', text: '<' },
    ]);
  });

  it('releases an earlier tool call’s held-back arguments before the next call starts or text resumes', async () => {
    const output = await restore([
      { type: 'tool-call-start', index: 0, id: 't0', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":"<AWS_' },
      { type: 'tool-call-start', index: 1, id: 't1', name: 'f' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"b":"<AWS' },
      { type: 'text-delta', text: 'done' },
      { type: 'finish', finishReason: 'tool-calls' },
    ]);
    expect(output).toEqual([
      { type: 'tool-call-start', index: 0, id: 't0', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":"' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '<AWS_' },
      { type: 'tool-call-start', index: 1, id: 't1', name: 'f' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"b":"' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '<AWS' },
      { type: 'text-delta', text: 'done' },
      { type: 'finish', finishReason: 'tool-calls' },
    ]);
  });

  it('still restores a placeholder split inside one part', async () => {
    const output = await restore([
      { type: 'tool-call-start', index: 0, id: 't0', name: 'f' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"a":"<AWS_ACC' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: 'ESS_KEY_ID_1>"}' },
      { type: 'finish', finishReason: 'tool-calls' },
    ]);
    const argumentsText = output.map((event) => (event.type === 'tool-call-delta' ? event.argumentsDelta : '')).join('');
    expect(argumentsText).toBe('{"a":"AKIAIOSFODNN7EXAMPLE"}');
  });
});
