import { describe, expect, it } from 'vitest';
import { listTexts, mapTexts } from '../../src/canonical/texts.js';
import type { ChatRequest } from '../../src/canonical/types.js';

const request: ChatRequest = {
  model: 'm',
  stop: ['END', 'STOP'],
  tools: [{ name: 'read', description: 'Reads a file', parameters: {} }],
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'sys' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'hello' },
        { type: 'image', url: 'data:image/png;base64,AAAA' },
      ],
    },
    { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'read', arguments: '{"path":"x"}' }] },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: 'file body' }] },
  ],
};

describe('the text walk', () => {
  it('visits every text that leaves the gateway, with stable paths and roles', () => {
    expect(listTexts(request).map(({ role, path, text }) => [role, path, text])).toEqual([
      ['system', 'messages[0].content[0]', 'sys'],
      ['user', 'messages[1].content[0]', 'hello'],
      ['tool-arguments', 'messages[2].content[0].arguments', '{"path":"x"}'],
      ['tool-result', 'messages[3].content[0]', 'file body'],
      ['tool-definition', 'tools[0].description', 'Reads a file'],
      ['user', 'stop[0]', 'END'],
      ['user', 'stop[1]', 'STOP'],
    ]);
  });

  it('rewrites texts and keeps untouched parts identical', () => {
    const rewritten = mapTexts(request, (text, _role, path) =>
      path === 'stop[1]' || path.startsWith('messages[3]') ? text.toUpperCase() : text,
    );
    expect(rewritten.stop).toEqual(['END', 'STOP']);
    expect(rewritten.messages[3]?.content[0]).toEqual({ type: 'tool-result', toolCallId: 'c1', content: 'FILE BODY' });
    expect(rewritten.messages[0]).toBe(request.messages[0]);
    expect(rewritten.messages[1]).toBe(request.messages[1]);
  });

  it('walks completion prompts, suffixes and embedding inputs', () => {
    expect(listTexts({ model: 'm', prompt: 'def f(', suffix: '):', stop: ['\n\n'] }).map((target) => target.path)).toEqual([
      'prompt',
      'suffix',
      'stop[0]',
    ]);
    expect(listTexts({ model: 'm', input: ['a', 'b'] }).map((target) => target.path)).toEqual(['input[0]', 'input[1]']);
  });
});
