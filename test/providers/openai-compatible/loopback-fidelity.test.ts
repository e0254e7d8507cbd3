/**
 * The loopback replies are only worth testing against if they are what OpenAI sends. The
 * official `openai` SDK, pointed at the loopback server, must parse them into the documented
 * objects (its stream helper also validates the tool-call delta sequence).
 */
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createChatChunks,
  createChatCompletion,
  createEmbeddingList,
  createOpenAIError,
  createTextCompletionChunks,
  formatOpenAIStream,
} from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, writeInPieces, type LoopbackServer } from '../../helpers/loopback-server.js';

describe('OpenAI loopback wire format, read by the official SDK', () => {
  let server: LoopbackServer;
  let client: OpenAI;

  beforeEach(async () => {
    server = await startLoopbackServer();
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-fidelity', maxRetries: 0 });
  });
  afterEach(() => server.close());

  const toolSpec = {
    textPieces: ['Let me ', 'check.'],
    toolCalls: [
      { id: 'call_a', name: 'get_weather', argumentPieces: ['{"ci', 'ty":"Par', 'is"}'] },
      { id: 'call_b', name: 'get_time', argumentPieces: ['{"zone":', '"CET"}'] },
    ],
    usage: { promptTokens: 42, completionTokens: 17 },
  };

  it('parses a chat completion', async () => {
    server.handle((_request, response) => sendJson(response, 200, createChatCompletion(toolSpec)));
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.tool_calls?.map((call) => call.id)).toEqual(['call_a', 'call_b']);
    expect(completion.usage?.total_tokens).toBe(59);
  });

  it('reassembles a streamed tool-call sequence cut at arbitrary byte boundaries', async () => {
    server.handle(async (_request, response) => {
      startEventStream(response);
      await writeInPieces(response, formatOpenAIStream(createChatChunks(toolSpec)));
      response.end();
    });
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    const message = final.choices[0]?.message;
    expect(message?.content).toBe('Let me check.');
    expect(message?.tool_calls?.map((call) => (call.type === 'function' ? call.function.arguments : ''))).toEqual([
      '{"city":"Paris"}',
      '{"zone":"CET"}',
    ]);
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(final.usage?.prompt_tokens).toBe(42);
  });

  it('parses streamed legacy completions and embeddings', async () => {
    server.handle(async (request, response) => {
      if (request.path.endsWith('/embeddings')) return sendJson(response, 200, createEmbeddingList([[0.1, 0.2]]));
      startEventStream(response);
      await writeInPieces(response, formatOpenAIStream(createTextCompletionChunks(['def ', 'main():'])));
      response.end();
    });
    const stream = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'x', stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe('def main():');
    const embeddings = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a'], encoding_format: 'float' });
    expect(embeddings.data[0]?.embedding).toEqual([0.1, 0.2]);
  });

  it('reads the error body and the retry-after header', async () => {
    server.handle((_request, response) =>
      sendJson(response, 429, createOpenAIError('Rate limit reached', 'requests', 'rate_limit_exceeded'), { 'retry-after': '7' }),
    );
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: [] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
  });
});
