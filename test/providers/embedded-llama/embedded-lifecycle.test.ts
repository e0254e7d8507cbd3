import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedDestinationSchema } from '../../../src/config/schema.js';
import { AirlockError } from '../../../src/errors/airlock-error.js';
import { createEmbeddedProvider } from '../../../src/providers/embedded-llama/create-embedded-provider.js';
import type { Provider } from '../../../src/providers/types.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import { collectEvents, createCallOptions, createChatRequest, joinTextDeltas, repositoryRoot, shippedModelPath } from './shipped-model.js';

let directory: string;
const providers: Provider[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'airlock-embedded-'));
});

afterEach(async () => {
  await Promise.all(providers.splice(0).map((provider) => provider.close()));
  await rm(directory, { recursive: true, force: true });
});

function createProvider(modelPath: string, configDir: string, extra: Record<string, unknown> = {}): Provider {
  const config = embeddedDestinationSchema.parse({ kind: 'embedded', modelPath, ...extra });
  const provider = createEmbeddedProvider('local', config, { configDir, env: {}, logger: createSilentLogger() });
  providers.push(provider);
  return provider;
}

describe('embedded provider lifecycle', () => {
  it('fails start clearly, naming the path, when the model file is missing', async () => {
    const provider = createProvider('models/missing.gguf', directory);
    const failure = await provider.start!().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AirlockError);
    expect(failure).toMatchObject({ code: 'DESTINATION_NOT_READY' });
    expect((failure as Error).message).toContain(join(directory, 'models/missing.gguf'));
    expect(provider.isReady()).toBe(false);
  });

  it('fails start clearly when the file is not a GGUF model', async () => {
    await writeFile(join(directory, 'broken.gguf'), 'this is not a model');
    const provider = createProvider('broken.gguf', directory);
    const failure = await provider.start!().catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'DESTINATION_NOT_READY' });
    expect((failure as Error).message).toContain(join(directory, 'broken.gguf'));
    expect(provider.isReady()).toBe(false);
  });

  it('refuses requests before the model is loaded', async () => {
    const provider = createProvider(shippedModelPath, repositoryRoot);
    expect(provider.isReady()).toBe(false);
    await expect(provider.chat(createChatRequest('Hi'), createCallOptions())).rejects.toMatchObject({
      code: 'DESTINATION_NOT_READY',
      isRetryable: true,
    });
  });

  it('resolves a relative path from the config directory and accepts an absolute one', async () => {
    const relative = createProvider(shippedModelPath, repositoryRoot);
    const absolute = createProvider(resolve(repositoryRoot, shippedModelPath), directory);
    await Promise.all([relative.start!(), absolute.start!()]);
    expect(relative.isReady() && absolute.isReady()).toBe(true);
  });

  it('loads with gpu: true, falling back to the CPU build when no GPU build is installed', async () => {
    const provider = createProvider(shippedModelPath, repositoryRoot, { gpu: true });
    await provider.start!();
    const response = await provider.chat(createChatRequest('Tell me a story.', { maxTokens: 3 }), createCallOptions());
    expect(response.usage?.outputTokens).toBe(3);
  });

  it('refuses requests once closed', async () => {
    const provider = createProvider(shippedModelPath, repositoryRoot);
    await provider.start!();
    await provider.close();
    expect(provider.isReady()).toBe(false);
    await expect(provider.chat(createChatRequest('Hi'), createCallOptions())).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
  });

  it('ends running and queued requests when closed', async () => {
    const provider = createProvider(shippedModelPath, repositoryRoot);
    await provider.start!();
    const running = provider.chatStream(createChatRequest('Tell me a story.'), createCallOptions())[Symbol.asyncIterator]();
    await running.next();
    const queued = provider.chat(createChatRequest('Hi'), createCallOptions()).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await provider.close();
    expect(await queued).toMatchObject({ code: 'SHUTTING_DOWN' });
    const next = await running.next().catch((error: unknown) => error);
    expect(next).toBeInstanceOf(AirlockError);
    expect(next).toMatchObject({ code: 'SHUTTING_DOWN' });
  });

  it('runs maxConcurrent generations at once and queues the next', async () => {
    const provider = createProvider(shippedModelPath, repositoryRoot, { maxConcurrent: 2 });
    await provider.start!();
    const long = () => provider.chatStream(createChatRequest('Tell me a story.'), createCallOptions())[Symbol.asyncIterator]();
    const first = long();
    const second = long();
    // Both running streams produce text: two sequences serve them side by side.
    expect((await first.next()).value).toMatchObject({ type: 'text-delta' });
    expect((await second.next()).value).toMatchObject({ type: 'text-delta' });
    let thirdDone = false;
    const third = collectEvents(provider.chatStream(createChatRequest('Tell me a story.', { maxTokens: 10 }), createCallOptions())).then(
      (events) => {
        thirdDone = true;
        return events;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(thirdDone).toBe(false);
    await first.return?.();
    const events = await third;
    expect(joinTextDeltas(events)).not.toBe('');
    await second.return?.();
  });
});
