import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../src/canonical/types.js';
import { embeddedDestinationSchema } from '../../../src/config/schema.js';
import { createEmbeddedProvider } from '../../../src/providers/embedded-llama/create-embedded-provider.js';
import type { Provider } from '../../../src/providers/types.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import { collectEvents, createCallOptions, createChatRequest, joinTextDeltas, repositoryRoot, shippedModelPath } from './shipped-model.js';

// One sequence: a request that did not give its sequence back would make the next one hang.
let provider: Provider;

beforeAll(async () => {
  const config = embeddedDestinationSchema.parse({ kind: 'embedded', modelPath: shippedModelPath, maxConcurrent: 1 });
  provider = createEmbeddedProvider('local', config, { configDir: repositoryRoot, env: {}, logger: createSilentLogger() });
  await provider.start?.();
});

afterAll(async () => {
  await provider?.close();
});

/** A long answer: without maxTokens the shipped model writes until its 2048-token context is full. */
const longRequest = () => createChatRequest('Tell me a story.');

function measureCpuMilliseconds(): () => number {
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('embedded streaming control', () => {
  it('stops generating while the consumer does not read (backpressure)', async () => {
    const iterator = provider.chatStream(longRequest(), createCallOptions())[Symbol.asyncIterator]();
    await iterator.next();
    // At ~1000 tokens/s a generation running ahead would burn most of a core during this pause.
    const cpu = measureCpuMilliseconds();
    await sleep(300);
    expect(cpu()).toBeLessThan(60);
    await iterator.return?.();
  });

  it('stops promptly on abort mid-stream and frees the sequence', async () => {
    const controller = new AbortController();
    const reason = new Error('client went away');
    const events: StreamEvent[] = [];
    let abortedAt = 0;
    const failure = await (async () => {
      for await (const event of provider.chatStream(longRequest(), createCallOptions(controller.signal))) {
        events.push(event);
        if (events.length === 5) {
          abortedAt = performance.now();
          controller.abort(reason);
        }
      }
    })().catch((error: unknown) => error);
    expect(failure).toBe(reason);
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(events).toHaveLength(5);
    expect(events.some((event) => event.type === 'finish')).toBe(false);
    const next = await provider.chat(createChatRequest('Tell me a story.', { maxTokens: 5 }), createCallOptions());
    expect(next.finishReason).toBe('length');
  });

  it('frees the sequence when the consumer breaks out of for await', async () => {
    let received = '';
    for await (const event of provider.chatStream(longRequest(), createCallOptions())) {
      if (event.type === 'text-delta') received += event.text;
      if (received.length > 10) break;
    }
    const next = await provider.chat(createChatRequest('Tell me a story.', { maxTokens: 5 }), createCallOptions());
    expect(next.usage?.outputTokens).toBe(5);
  });

  it('queues requests beyond maxConcurrent in order and serves them after the running one', async () => {
    const order: string[] = [];
    const run = async (name: string) => {
      const events = await collectEvents(
        provider.chatStream(createChatRequest('Tell me a story.', { maxTokens: 30 }), createCallOptions()),
      );
      order.push(name);
      return joinTextDeltas(events);
    };
    const texts = await Promise.all([run('first'), run('second'), run('third')]);
    expect(order).toEqual(['first', 'second', 'third']);
    expect(new Set(texts).size).toBe(1);
  });

  it('lets a queued request be aborted while it waits', async () => {
    const running = provider.chatStream(longRequest(), createCallOptions())[Symbol.asyncIterator]();
    await running.next();
    const controller = new AbortController();
    const waiting = provider.chat(createChatRequest('Hi', { maxTokens: 5 }), createCallOptions(controller.signal));
    await sleep(20);
    const reason = new Error('gave up waiting');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await running.return?.();
    const next = await provider.chat(createChatRequest('Hi', { maxTokens: 5 }), createCallOptions());
    expect(next.usage?.outputTokens).toBe(5);
  });

  it('rejects a request whose signal is already aborted without generating', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already gone'));
    await expect(provider.chat(createChatRequest('Hi'), createCallOptions(controller.signal))).rejects.toThrow('already gone');
  });
});
