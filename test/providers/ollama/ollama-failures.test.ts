import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../src/canonical/types.js';
import { AirlockError } from '../../../src/errors/airlock-error.js';
import type { OllamaProvider } from '../../../src/providers/ollama/create-ollama-provider.js';
import { captureError, collectStream, createCallOptions, settlesWithin } from '../../helpers/loopback-calls.js';
import { sendJson, sendText, type LoopbackServer } from '../../helpers/loopback-server.js';
import { createChatStreamObjects, createProviderFor, knownModel, startOllamaServer, writeJsonLines } from './loopback-ollama.js';

let server: LoopbackServer;
let provider: OllamaProvider;

beforeEach(async () => {
  server = await startOllamaServer();
  provider = createProviderFor(server.url);
});

afterEach(async () => {
  await provider.close();
  await server.close();
});

const chatRequest = (model = knownModel): ChatRequest => ({ model, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });

/** A port nothing listens on: bound, then released. */
async function findClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('ollama failures', () => {
  it('maps a missing model (404 with error) to UPSTREAM_MODEL_NOT_FOUND, streaming or not', async () => {
    const failure = await captureError(() => provider.chat(chatRequest('mistral'), createCallOptions()));
    expect(failure).toBeInstanceOf(AirlockError);
    expect(failure).toMatchObject({ code: 'UPSTREAM_MODEL_NOT_FOUND', status: 404, isRetryable: false });
    expect((failure as Error).message).toContain('not found, try pulling it first');
    const streamed = await collectStream(provider.chatStream(chatRequest('mistral'), createCallOptions()));
    expect(streamed).toMatchObject({ events: [], error: { code: 'UPSTREAM_MODEL_NOT_FOUND' } });
  });

  it('maps a load failure (500 with error) to a retryable UPSTREAM_ERROR', async () => {
    server.handle((_request, response) => sendJson(response, 500, { error: 'llama runner process has terminated: exit status 2' }));
    const failure = await captureError(() => provider.chat(chatRequest(), createCallOptions()));
    expect(failure).toMatchObject({ code: 'UPSTREAM_ERROR', isRetryable: true });
    expect((failure as Error).message).toContain('llama runner process has terminated');
  });

  it('maps a non-JSON reply to UPSTREAM_ERROR', async () => {
    server.handle((_request, response) => sendText(response, 200, '<html>proxy</html>'));
    expect(await captureError(() => provider.chat(chatRequest(), createCallOptions()))).toMatchObject({ code: 'UPSTREAM_ERROR' });
  });

  it('turns an error line mid-stream into UPSTREAM_STREAM_ERROR after the text already sent', async () => {
    server.handle(async (_request, response) => {
      const [first] = createChatStreamObjects(['Hello']);
      await writeJsonLines(response, [first, { error: 'an error was encountered while running the model' }]);
    });
    const { events, error } = await collectStream(provider.chatStream(chatRequest(), createCallOptions()));
    expect(events).toEqual([{ type: 'text-delta', text: 'Hello' }]);
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: false });
    expect((error as Error).message).toContain('an error was encountered while running the model');
  });

  it('treats a stream that ends without done:true as broken', async () => {
    server.handle(async (_request, response) => writeJsonLines(response, createChatStreamObjects(['Hello', ' there']).slice(0, 2)));
    const { events, error } = await collectStream(provider.chatStream(chatRequest(), createCallOptions()));
    expect(events).toHaveLength(2);
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: false });
  });

  it('treats a line that is not JSON as a broken stream without quoting it', async () => {
    server.handle(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson' });
      response.end('{"model":"llama3.2","message":{"role":"assistant","content":"secret"},"done":false}\nnot json at all\n');
    });
    const { events, error } = await collectStream(provider.chatStream(chatRequest(), createCallOptions()));
    expect(events).toEqual([{ type: 'text-delta', text: 'secret' }]);
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR', isRetryable: false });
    expect((error as Error).message).not.toContain('not json');
    expect((error as Error).cause).toBeUndefined();
  });

  it('maps a socket destroyed mid-stream to UPSTREAM_STREAM_ERROR', async () => {
    server.handle(async (_request, response) => {
      await writeJsonLines(response, createChatStreamObjects(['Hello']).slice(0, 1), { end: false });
      response.socket?.destroy();
    });
    const { events, error } = await collectStream(provider.chatStream(chatRequest(), createCallOptions()));
    expect(events).toEqual([{ type: 'text-delta', text: 'Hello' }]);
    expect(error).toMatchObject({ code: 'UPSTREAM_STREAM_ERROR' });
  });

  it('maps a stream that outlives the total timeout to UPSTREAM_TIMEOUT', async () => {
    server.handle(async (_request, response) => {
      await writeJsonLines(response, createChatStreamObjects(['Hello']).slice(0, 1), { end: false });
    });
    const slow = createProviderFor(server.url, { timeouts: { connectMs: 1000, firstByteMs: 5000, totalMs: 300 } });
    const { events, error } = await collectStream(slow.chatStream(chatRequest(), createCallOptions()));
    await slow.close();
    expect(events).toEqual([{ type: 'text-delta', text: 'Hello' }]);
    expect(error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', isRetryable: false });
  });

  it('maps connection refused to a retryable UPSTREAM_UNAVAILABLE', async () => {
    const refused = createProviderFor(`http://127.0.0.1:${await findClosedPort()}`);
    const failure = await captureError(() => refused.chat(chatRequest(), createCallOptions()));
    expect(failure).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', isRetryable: true });
    await refused.close();
  });

  it('closes the upstream connection when the caller aborts mid-stream', async () => {
    server.handle(async (_request, response) => {
      await writeJsonLines(response, createChatStreamObjects(['Hello']).slice(0, 1), { end: false });
      // Never ends: a long generation the client gives up on.
    });
    const controller = new AbortController();
    const reason = new Error('client went away');
    const iterator = provider.chatStream(chatRequest(), createCallOptions(controller.signal))[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'text-delta', text: 'Hello' });
    const pending = iterator.next();
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await settlesWithin(server.lastRequest().connectionClosed, 1000)).toBe(true);
  });

  it('closes the upstream connection when the consumer stops reading early', async () => {
    server.handle(async (_request, response) => {
      await writeJsonLines(response, createChatStreamObjects(['Hello', ' again']).slice(0, 2), { end: false });
    });
    for await (const event of provider.chatStream(chatRequest(), createCallOptions())) {
      expect(event).toEqual({ type: 'text-delta', text: 'Hello' });
      break;
    }
    expect(await settlesWithin(server.lastRequest().connectionClosed, 1000)).toBe(true);
  });
});
