import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMessage, createMessageStreamEvents, formatAnthropicStream } from '../../helpers/loopback-anthropic.js';
import { createChatCompletion } from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream } from '../../helpers/loopback-server.js';
import { startAnthropicSurface, type AnthropicSurfaceSetup } from './anthropic-gateway-setup.js';

let setup: AnthropicSurfaceSetup;

beforeAll(async () => {
  setup = await startAnthropicSurface();
});

afterEach(() => {
  setup.claude.requests.length = 0;
  setup.cloud.requests.length = 0;
});

afterAll(async () => {
  await setup?.close();
});

describe('tool use round trip', () => {
  const tools = [
    {
      name: 'read_file',
      description: 'Reads a file from the workspace.',
      input_schema: { type: 'object' as const, properties: { path: { type: 'string' } }, required: ['path'] },
    },
  ];

  it('returns tool_use blocks, then carries tool_result (string, blocks, is_error) back upstream', async () => {
    setup.claude.handle((_request, response) =>
      sendJson(
        response,
        200,
        createMessage({
          blocks: [
            { type: 'text', pieces: ['Let me look.'] },
            { type: 'tool_use', id: 'toolu_01A', name: 'read_file', jsonPieces: ['{"path":"src/app.ts"}'] },
          ],
        }),
      ),
    );
    const first = await setup.client.messages.create({
      model: 'sonnet',
      max_tokens: 200,
      tools,
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      messages: [{ role: 'user', content: 'What does src/app.ts do?' }],
    });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toEqual([
      { type: 'text', text: 'Let me look.' },
      { type: 'tool_use', id: 'toolu_01A', name: 'read_file', input: { path: 'src/app.ts' } },
    ]);
    expect(setup.claude.lastRequest().body).toMatchObject({
      tools: [{ name: 'read_file', description: 'Reads a file from the workspace.', input_schema: tools[0]?.input_schema }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
    });

    setup.claude.handle((_request, response) =>
      sendJson(response, 200, createMessage({ blocks: [{ type: 'text', pieces: ['It starts a server.'] }] })),
    );
    const second = await setup.client.messages.create({
      model: 'sonnet',
      max_tokens: 200,
      tools,
      messages: [
        { role: 'user', content: 'What does src/app.ts do?' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_01A',
              content: [
                { type: 'text', text: 'listen(8080)' },
                { type: 'text', text: 'serve()' },
              ],
            },
            { type: 'tool_result', tool_use_id: 'toolu_01B', content: 'ENOENT', is_error: true },
            { type: 'text', text: 'Summarise.' },
          ],
        },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'It starts a server.' }]);
    expect((setup.claude.lastRequest().body as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What does src/app.ts do?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me look.' },
          { type: 'tool_use', id: 'toolu_01A', name: 'read_file', input: { path: 'src/app.ts' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: 'listen(8080)\nserve()' },
          { type: 'tool_result', tool_use_id: 'toolu_01B', content: 'ENOENT', is_error: true },
          { type: 'text', text: 'Summarise.' },
        ],
      },
    ]);
  });

  it('maps tool_choice any/tool/none and sends tool results to an OpenAI destination as tool messages', async () => {
    setup.cloud.handle((_request, response) => sendJson(response, 200, createChatCompletion({ textPieces: ['ok'] })));
    const history = [
      { role: 'user' as const, content: 'Read it' },
      { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: 'call_7', name: 'read_file', input: { path: 'a.txt' } }] },
      { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: 'call_7', content: 'hello' }] },
    ];
    for (const [choice, expected] of [
      [{ type: 'any' }, 'required'],
      [
        { type: 'tool', name: 'read_file' },
        { type: 'function', function: { name: 'read_file' } },
      ],
      [{ type: 'none' }, 'none'],
    ] as const) {
      await setup.client.messages.create({ model: 'gpt-4o', max_tokens: 20, tools, tool_choice: choice, messages: history });
      expect(setup.cloud.lastRequest().body).toMatchObject({ tool_choice: expected });
    }
    expect((setup.cloud.lastRequest().body as { messages: unknown[] }).messages).toEqual([
      { role: 'user', content: 'Read it' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.txt"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_7', content: 'hello' },
    ]);
  });

  it('drops thinking blocks from the history', async () => {
    setup.claude.handle((_request, response) => sendJson(response, 200, createMessage({ blocks: [{ type: 'text', pieces: ['4'] }] })));
    await setup.client.messages.create({
      model: 'sonnet',
      max_tokens: 20,
      messages: [
        { role: 'user', content: '2+2?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Two and two make four.', signature: 'EqQBCgIYAhIM' },
            { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
            { type: 'text', text: '4' },
          ],
        },
        { role: 'user', content: 'Sure?' },
      ],
    });
    const sent = setup.claude.lastRequest().rawBody;
    expect(sent).not.toContain('thinking');
    expect(sent).not.toContain('Two and two');
    expect((setup.claude.lastRequest().body as { messages: unknown[] }).messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: '4' }],
    });
  });
});

describe('stop reasons', () => {
  it.each([
    ['max_tokens', null, 'max_tokens', null],
    ['stop_sequence', '###', 'stop_sequence', '###'],
    ['refusal', null, 'refusal', null],
    ['end_turn', null, 'end_turn', null],
  ])('maps an upstream %s (sequence %s) to %s in JSON and in a stream', async (upstreamReason, upstreamSequence, reason, sequence) => {
    const spec = { blocks: [{ type: 'text' as const, pieces: ['Partial answer'] }], stopReason: upstreamReason };
    setup.claude.handle((_request, response) => sendJson(response, 200, { ...createMessage(spec), stop_sequence: upstreamSequence }));
    const message = await setup.client.messages.create({ model: 'sonnet', max_tokens: 5, messages: [{ role: 'user', content: 'Go' }] });
    expect([message.stop_reason, message.stop_sequence]).toEqual([reason, sequence]);

    setup.claude.handle((_request, response) => {
      const events = createMessageStreamEvents(spec).map((item) =>
        item.event === 'message_delta'
          ? { ...item, data: { ...item.data, delta: { stop_reason: upstreamReason, stop_sequence: upstreamSequence } } }
          : item,
      );
      startEventStream(response);
      response.end(formatAnthropicStream(events));
    });
    const streamed = await setup.client.messages
      .stream({ model: 'sonnet', max_tokens: 5, messages: [{ role: 'user', content: 'Go' }] })
      .finalMessage();
    expect([streamed.stop_reason, streamed.stop_sequence]).toEqual([reason, sequence]);
  });

  it('says tool_use whenever tool calls came back, and max_tokens for an OpenAI "length"', async () => {
    setup.cloud.handle((_request, response) =>
      sendJson(
        response,
        200,
        createChatCompletion({ toolCalls: [{ id: 'call_1', name: 'ls', argumentPieces: ['{}'] }], finishReason: 'stop' }),
      ),
    );
    const withTools = await setup.client.messages.create({
      model: 'gpt-4o',
      max_tokens: 20,
      messages: [{ role: 'user', content: 'List' }],
    });
    expect(withTools.stop_reason).toBe('tool_use');
    setup.cloud.handle((_request, response) =>
      sendJson(response, 200, createChatCompletion({ textPieces: ['Once upon'], finishReason: 'length' })),
    );
    const cut = await setup.client.messages.create({ model: 'gpt-4o', max_tokens: 2, messages: [{ role: 'user', content: 'Story' }] });
    expect(cut.stop_reason).toBe('max_tokens');
  });
});
