import { describe, expect, it } from 'vitest';
import { AirlockError } from '../../../src/errors/airlock-error.js';
import { createHostCheck, createOriginCheck, parseHostHeader } from '../../../src/surfaces/ollama/browser-guards.js';
import { convertMessages } from '../../../src/surfaces/ollama/convert-messages.js';
import { parseChatBody, parseGenerateBody } from '../../../src/surfaces/ollama/convert-request.js';

const keep = (name: string): string => name;

describe('Ollama messages to canonical', () => {
  it('pairs each tool result with the earliest unanswered call of its tool, or the call id a client sends', () => {
    const messages = convertMessages([
      { role: 'user', content: 'Weather in Paris and Rome, and the time?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { function: { name: 'weather', arguments: { city: 'Paris' } } },
          { function: { name: 'weather', arguments: { city: 'Rome' } } },
          { id: 'call_time', function: { name: 'clock', arguments: '{"zone":"CET"}' } },
        ],
      },
      { role: 'tool', content: '12:00', tool_call_id: 'call_time' },
      { role: 'tool', content: 'sunny', tool_name: 'weather' },
      { role: 'tool', content: 'rainy' },
    ]);
    expect(messages[1]?.content).toEqual([
      { type: 'tool-call', id: 'call_1_0', name: 'weather', arguments: '{"city":"Paris"}' },
      { type: 'tool-call', id: 'call_1_1', name: 'weather', arguments: '{"city":"Rome"}' },
      { type: 'tool-call', id: 'call_time', name: 'clock', arguments: '{"zone":"CET"}' },
    ]);
    expect(messages.slice(2).map((message) => message.content[0])).toEqual([
      { type: 'tool-result', toolCallId: 'call_time', content: '12:00' },
      { type: 'tool-result', toolCallId: 'call_1_0', content: 'sunny' },
      { type: 'tool-result', toolCallId: 'call_1_1', content: 'rainy' },
    ]);
  });

  it.each([
    ['a result for a tool never called', [{ role: 'tool' as const, content: 'x', tool_name: 'weather' }]],
    [
      'a second result for the same call',
      [
        { role: 'assistant' as const, content: '', tool_calls: [{ function: { name: 'weather', arguments: {} } }] },
        { role: 'tool' as const, content: 'a', tool_name: 'weather' },
        { role: 'tool' as const, content: 'b', tool_name: 'weather' },
      ],
    ],
  ])('refuses %s', (_name, messages) => {
    expect(() => convertMessages(messages)).toThrow(AirlockError);
  });

  it('turns base64 images into data: URLs with the type of their magic bytes', () => {
    const [message] = convertMessages([
      { role: 'user', content: 'see', images: ['/9j/4AAQSkZJRg==', 'R0lGODlhAQABAAAAACw=', 'iVBORw0KGgo='] },
    ]);
    expect(message?.content.slice(1)).toEqual([
      { type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' },
      { type: 'image', url: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' },
      { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
    ]);
  });
});

describe('request bodies', () => {
  it('drops what Airlock does not use and maps Ollama options', () => {
    const plan = parseChatBody(
      {
        model: 'm',
        messages: [{ role: 'user', content: 'hi', thinking: 'hidden' }],
        think: true,
        keep_alive: -1,
        format: { type: 'object' },
        options: { num_predict: -1, top_k: 0, stop: 'END', mirostat: 2 },
        unknown: 'x',
      },
      keep,
    );
    expect(plan).toEqual({
      kind: 'generate',
      stream: true,
      operation: {
        kind: 'chat',
        stream: true,
        request: {
          model: 'm',
          messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
          stop: ['END'],
          responseFormat: { type: 'json_schema', name: 'response', schema: { type: 'object' } },
        },
      },
    });
  });

  it.each([
    [
      { model: 'm', prompt: '' },
      { kind: 'load', unload: false },
    ],
    [
      { model: 'm', keep_alive: '0s' },
      { kind: 'load', unload: true },
    ],
    [
      { model: 'm', prompt: 'x', raw: true, stream: false },
      { kind: 'generate', stream: false, operation: { kind: 'completion', stream: false, request: { model: 'm', prompt: 'x' } } },
    ],
    [
      { model: 'm', prompt: 'a', suffix: 'b' },
      { kind: 'generate', operation: { kind: 'completion', request: { model: 'm', prompt: 'a', suffix: 'b' } } },
    ],
    [
      { model: 'm', prompt: 'a', suffix: '' },
      { kind: 'generate', operation: { kind: 'chat' } },
    ],
  ])('plans /api/generate %j', (body, expected) => {
    expect(parseGenerateBody(body, keep)).toMatchObject(expected);
  });

  it.each([
    [{ model: 'm', prompt: 'a', suffix: 'b', system: 's' }, 'system'],
    [{ model: 'm', prompt: 'a', raw: true, images: ['iVBORw0KGgo='] }, 'images'],
    [{ model: 'm', prompt: 1 }, 'prompt'],
    [{ prompt: 'a' }, 'model'],
    [{ model: 'm', prompt: 'a', format: 'yaml' }, 'format'],
    [{ model: 'm', prompt: 'a', options: { temperature: 'hot' } }, 'options.temperature'],
  ])('refuses /api/generate %j naming %s', (body, param) => {
    expect(() => parseGenerateBody(body, keep)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', param }));
  });
});

describe('browser guards', () => {
  it.each([
    ['localhost', 'localhost'],
    ['LOCALHOST.:11434', 'localhost'],
    ['[::1]:80', '::1'],
    ['[::1]', '::1'],
    ['127.0.0.1:', '127.0.0.1'],
    ['evil.example:11434', 'evil.example'],
    ['::1', undefined],
    ['[::1', undefined],
    ['localhost:11434:1', undefined],
    ['localhost:port', undefined],
  ])('parses Host %s as %s', (header, expected) => {
    expect(parseHostHeader(header)).toBe(expected);
  });

  it('accepts local names, configured names, a missing Host, and everything with "*"', () => {
    const check = createHostCheck(['Airlock.Internal.']);
    expect([undefined, '', 'localhost', '0.0.0.0:1', 'airlock.internal:8443'].map(check)).toEqual([true, true, true, true, true]);
    expect(['evil.example', 'internal', 'airlock.internal.evil.example'].map(check)).toEqual([false, false, false]);
    expect(createHostCheck(['*'])('anything.example')).toBe(true);
  });

  it('allows the default origins and configured patterns only', () => {
    const check = createOriginCheck(['https://*.example.org', 'http://intranet:8080']);
    const allowed = [
      'http://localhost',
      'https://0.0.0.0:3000',
      'tauri://localhost',
      'vscode-file://vscode-app',
      'https://a.b.example.org',
      'http://intranet:8080',
    ];
    const refused = [
      'null',
      'http://localhost.evil',
      'https://127.0.0.1.evil:80',
      'http://intranet:8081',
      'https://example.org',
      'chrome-extension://abc',
    ];
    expect(allowed.filter((origin) => !check(origin))).toEqual([]);
    expect(refused.filter(check)).toEqual([]);
    expect(createOriginCheck(['*'])('https://anything.example')).toBe(true);
  });
});
