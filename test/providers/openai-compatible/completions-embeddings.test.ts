import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Provider } from '../../../src/providers/types.js';
import { collectStream, createCallOptions } from '../../helpers/loopback-calls.js';
import {
  createEmbeddingList,
  createTextCompletion,
  createTextCompletionChunks,
  formatOpenAIStream,
} from '../../helpers/loopback-openai.js';
import { sendJson, startEventStream, startLoopbackServer, writeInPieces, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createTestProvider } from './provider-setup.js';

describe('openai-compatible completions and embeddings', () => {
  let server: LoopbackServer;
  let provider: Provider;

  beforeEach(async () => {
    server = await startLoopbackServer();
    provider = createTestProvider(server);
  });
  afterEach(async () => {
    await provider.close();
    await server.close();
  });

  it('sends a fill-in-the-middle completion and converts the reply', async () => {
    server.handle((_request, response) =>
      sendJson(
        response,
        200,
        createTextCompletion('return a + b', {
          model: 'qwen2.5-coder',
          finishReason: 'length',
          usage: { promptTokens: 9, completionTokens: 4 },
        }),
      ),
    );
    const response = await provider.complete?.(
      {
        model: 'qwen2.5-coder',
        prompt: 'def add(a, b):\n    ',
        suffix: '\n\nprint(add(1, 2))',
        maxTokens: 16,
        temperature: 0,
        stop: ['\n\n'],
        echo: false,
      },
      createCallOptions(),
    );
    expect(server.lastRequest().path).toBe('/v1/completions');
    expect(server.lastRequest().body).toEqual({
      model: 'qwen2.5-coder',
      prompt: 'def add(a, b):\n    ',
      suffix: '\n\nprint(add(1, 2))',
      echo: false,
      max_tokens: 16,
      temperature: 0,
      stop: ['\n\n'],
    });
    expect(response).toEqual({
      model: 'qwen2.5-coder',
      text: 'return a + b',
      toolCalls: [],
      finishReason: 'length',
      usage: { inputTokens: 9, outputTokens: 4 },
    });
  });

  it('streams a completion cut at arbitrary boundaries, with usage in the finish', async () => {
    server.handle(async (_request, response) => {
      startEventStream(response);
      await writeInPieces(
        response,
        formatOpenAIStream(createTextCompletionChunks(['ret', 'urn a', ' + b'], { usage: { promptTokens: 3, completionTokens: 5 } })),
      );
      response.end();
    });
    const { events, error } = await collectStream(provider.completeStream!({ model: 'm', prompt: 'p', suffix: 's' }, createCallOptions()));
    expect(error).toBeUndefined();
    expect(server.lastRequest().body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('')).toBe('return a + b');
    expect(events.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'length',
      model: 'gpt-3.5-turbo-instruct',
      usage: { inputTokens: 3, outputTokens: 5 },
    });
  });

  it('embeds a batch, asking for floats, and returns vectors in input order', async () => {
    server.handle((_request, response) => {
      const list = createEmbeddingList(
        [
          [0.1, 0.2],
          [0.3, 0.4],
          [0.5, 0.6],
        ],
        'text-embedding-3-small',
        12,
      );
      // Servers may list items in any order; `index` is what counts.
      list.data.reverse();
      sendJson(response, 200, list);
    });
    const response = await provider.embed?.(
      { model: 'text-embedding-3-small', input: ['a', 'b', 'c'], dimensions: 2, user: 'u1' },
      createCallOptions(),
    );
    expect(server.lastRequest().path).toBe('/v1/embeddings');
    expect(server.lastRequest().body).toEqual({
      model: 'text-embedding-3-small',
      input: ['a', 'b', 'c'],
      dimensions: 2,
      encoding_format: 'float',
      user: 'u1',
    });
    expect(response).toEqual({
      model: 'text-embedding-3-small',
      embeddings: [
        [0.1, 0.2],
        [0.3, 0.4],
        [0.5, 0.6],
      ],
      usage: { inputTokens: 12, outputTokens: 0 },
    });
  });

  it('refuses an embeddings reply with fewer vectors than inputs', async () => {
    server.handle((_request, response) => sendJson(response, 200, createEmbeddingList([[1]])));
    await expect(provider.embed?.({ model: 'm', input: ['a', 'b'] }, createCallOptions())).rejects.toMatchObject({
      code: 'UPSTREAM_ERROR',
    });
  });

  it('refuses embeddings that are not number arrays (e.g. base64) with UPSTREAM_ERROR', async () => {
    server.handle((_request, response) => sendJson(response, 200, { data: [{ index: 0, embedding: 'AAAA' }], model: 'm' }));
    await expect(provider.embed?.({ model: 'm', input: ['a'] }, createCallOptions())).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
  });
});
