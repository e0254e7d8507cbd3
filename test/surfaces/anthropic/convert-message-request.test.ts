import { describe, expect, it } from 'vitest';
import { parseCountTokensRequest, parseMessageRequest } from '../../../src/surfaces/anthropic/convert-message-request.js';

const base = { model: 'sonnet', max_tokens: 10 };

function captureError(run: () => unknown): { code?: string; param?: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; param?: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('parseMessageRequest', () => {
  it('puts images from tool results after the run of results, in order', () => {
    const image = (data: string) => ({ type: 'image', source: { type: 'base64', media_type: 'image/png', data } });
    const { request } = parseMessageRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'a', content: [{ type: 'text', text: 'shot 1' }, image('AAA=')] },
            { type: 'tool_result', tool_use_id: 'b', content: [image('BBB=')] },
            { type: 'text', text: 'compare them' },
          ],
        },
      ],
    });
    expect(request.messages[0]?.content).toEqual([
      { type: 'tool-result', toolCallId: 'a', content: 'shot 1' },
      { type: 'tool-result', toolCallId: 'b', content: '' },
      { type: 'image', url: 'data:image/png;base64,AAA=' },
      { type: 'image', url: 'data:image/png;base64,BBB=' },
      { type: 'text', text: 'compare them' },
    ]);
  });

  it('keeps system turns inside the conversation and the top-level system first', () => {
    const { request } = parseMessageRequest({
      ...base,
      system: 'top',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'mid-conversation note' },
      ],
    });
    expect(request.messages.map((message) => [message.role, message.content])).toEqual([
      ['system', [{ type: 'text', text: 'top' }]],
      ['user', [{ type: 'text', text: 'hi' }]],
      ['system', [{ type: 'text', text: 'mid-conversation note' }]],
    ]);
  });

  it('serialises tool_use input as JSON arguments and maps the generation options', () => {
    const { request, stream } = parseMessageRequest({
      ...base,
      stream: true,
      top_p: 0.9,
      stop_sequences: ['END'],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      tools: [{ name: 'f', input_schema: { type: 'object' } }],
      messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: { a: [1, 'x'] } }] }],
    });
    expect(stream).toBe(true);
    expect(request).toMatchObject({ maxTokens: 10, topP: 0.9, stop: ['END'], toolChoice: 'required', parallelToolCalls: false });
    expect(request.messages[0]?.content).toEqual([{ type: 'tool-call', id: 't', name: 'f', arguments: '{"a":[1,"x"]}' }]);
  });

  it.each([
    ['temperature above 1', { ...base, temperature: 1.5, messages: [{ role: 'user', content: 'x' }] }, 'temperature'],
    [
      'an image in an assistant turn',
      { ...base, messages: [{ role: 'assistant', content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }] }] },
      'messages[0].content[0]',
    ],
    [
      'a tool result in a system turn',
      { ...base, messages: [{ role: 'system', content: [{ type: 'tool_result', tool_use_id: 'a' }] }] },
      'messages[0].content[0]',
    ],
    [
      'an unknown image source',
      { ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] },
      'messages[0].content[0].source.type',
    ],
  ])('refuses %s naming the field', (_label, body, param) => {
    const error = captureError(() => parseMessageRequest(body));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', param });
  });

  it('never quotes a value in its messages', () => {
    const error = captureError(() =>
      parseMessageRequest({ ...base, messages: [{ role: 'user', content: [{ type: 'AKIAQ3EGRJ7XPL2MVN5T' }] }] }),
    );
    expect(error.message).not.toContain('AKIA');
    expect(error.message).toContain('supported: text, image, tool_use, tool_result');
  });
});

describe('parseCountTokensRequest', () => {
  it('needs no max_tokens', () => {
    expect(parseCountTokensRequest({ model: 'sonnet', messages: [{ role: 'user', content: 'x' }] }).messages).toHaveLength(1);
  });
});
