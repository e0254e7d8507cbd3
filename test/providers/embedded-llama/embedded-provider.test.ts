import { getLlama, LlamaLogLevel, type LlamaModel } from 'node-llama-cpp';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedDestinationSchema } from '../../../src/config/schema.js';
import { AirlockError } from '../../../src/errors/airlock-error.js';
import { createEmbeddedProvider } from '../../../src/providers/embedded-llama/create-embedded-provider.js';
import type { Provider } from '../../../src/providers/types.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import { collectEvents, createCallOptions, createChatRequest, joinTextDeltas, repositoryRoot, shippedModelPath } from './shipped-model.js';

// What stories260K answers at temperature 0 (observed from the real model, greedy decoding).
const storyAnswer = "Anna, I am a little boy. Anna and Bella were scared. We can't f";
const onceUponATime =
  ', there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it';

let provider: Provider;
/** The same GGUF loaded independently, vocabulary only, to count tokens without the provider. */
let tokenizerModel: LlamaModel;

beforeAll(async () => {
  const config = embeddedDestinationSchema.parse({ kind: 'embedded', modelPath: shippedModelPath });
  provider = createEmbeddedProvider('local', config, { configDir: repositoryRoot, env: {}, logger: createSilentLogger() });
  await provider.start?.();
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  tokenizerModel = await llama.loadModel({ modelPath: resolve(repositoryRoot, shippedModelPath), vocabOnly: true });
});

afterAll(async () => {
  await provider?.close();
  await tokenizerModel?.dispose();
});

function countPromptTokens(text: string): number {
  // BOS plus the SentencePiece tokens of the text (the format documented in docs/embedded-model.md).
  return 1 + tokenizerModel.tokenize(text, false, 'trimLeadingSpace').length;
}

describe('embedded provider with the shipped model', () => {
  it('is ready after start and reports what the model can do', () => {
    expect(provider.isReady()).toBe(true);
    expect(provider.capabilities).toEqual({ chat: true, completion: true, fillInTheMiddle: false, embeddings: true, tools: false });
  });

  it('answers a chat deterministically at temperature 0', async () => {
    const request = createChatRequest('Tell me a story.', { maxTokens: 40 });
    const first = await provider.chat(request, createCallOptions());
    const second = await provider.chat(request, createCallOptions());
    expect(first.text).toBe(storyAnswer);
    expect(second.text).toBe(storyAnswer);
    expect(first).toMatchObject({ model: 'stories', finishReason: 'length', toolCalls: [] });
  });

  it('counts usage with the real tokenizer', async () => {
    const response = await provider.chat(createChatRequest('Tell me a story.', { maxTokens: 40 }), createCallOptions());
    expect(response.usage).toEqual({ inputTokens: countPromptTokens('User: Tell me a story.\nAssistant:'), outputTokens: 40 });
    expect(response.usage?.inputTokens).toBe(24);
  });

  it('puts system and earlier turns into the plain format', async () => {
    const request = createChatRequest('Hello', { maxTokens: 5 });
    request.messages = [
      { role: 'system', content: [{ type: 'text', text: 'You tell stories.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello there.' }] },
      ...request.messages,
    ];
    const response = await provider.chat(request, createCallOptions());
    const prompt = 'System: You tell stories.\nUser: Hi\nAssistant: Hello there.\nUser: Hello\nAssistant:';
    expect(response.usage?.inputTokens).toBe(countPromptTokens(prompt));
  });

  it('streams deltas that add up to the non-streamed text, then one finish', async () => {
    const request = createChatRequest('Tell me a story.', { maxTokens: 40 });
    const events = await collectEvents(provider.chatStream(request, createCallOptions()));
    const deltas = events.filter((event) => event.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(10);
    expect(joinTextDeltas(events)).toBe(storyAnswer);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'length',
      usage: { inputTokens: 24, outputTokens: 40 },
      model: 'stories',
    });
    expect(events.filter((event) => event.type === 'finish')).toHaveLength(1);
  });

  it('stops at maxTokens with finishReason length', async () => {
    const response = await provider.chat(createChatRequest('Tell me a story.', { maxTokens: 3 }), createCallOptions());
    expect(response.finishReason).toBe('length');
    expect(response.usage?.outputTokens).toBe(3);
    expect(storyAnswer.startsWith(response.text)).toBe(true);
  });

  it('stops before a stop string with finishReason stop', async () => {
    const response = await provider.chat(createChatRequest('Tell me a story.', { maxTokens: 40, stop: [' little'] }), createCallOptions());
    expect(response).toMatchObject({ text: 'Anna, I am a', finishReason: 'stop' });
  });

  it('completes a prompt like llama.cpp does', async () => {
    const response = await provider.complete!(
      { model: 'stories', prompt: 'Once upon a time', maxTokens: 50, temperature: 0 },
      createCallOptions(),
    );
    expect(response.text).toBe(onceUponATime);
    expect(response.usage).toEqual({ inputTokens: countPromptTokens('Once upon a time'), outputTokens: 50 });
  });

  it('streams a completion with the same text', async () => {
    const request = { model: 'stories', prompt: 'Once upon a time', maxTokens: 50, temperature: 0 };
    const events = await collectEvents(provider.completeStream!(request, createCallOptions()));
    expect(joinTextDeltas(events)).toBe(onceUponATime);
  });

  it('completes the prefix alone when the model has no infill tokens', async () => {
    const request = { model: 'stories', prompt: 'Once upon a time', suffix: 'The end.', maxTokens: 20, temperature: 0, stop: ['.'] };
    const response = await provider.complete!(request, createCallOptions());
    expect(response).toMatchObject({ text: ', there was a little girl named Lily', finishReason: 'stop' });
  });

  it('reuses the evaluated prefix of the previous prompt (autocomplete on the next keystroke)', async () => {
    const file = 'Tom had a red kite. He ran to the hill with his dog. '.repeat(20);
    const measure = async (prompt: string) => {
      const started = process.cpuUsage();
      const response = await provider.complete!({ model: 'stories', prompt, maxTokens: 1 }, createCallOptions());
      const used = process.cpuUsage(started);
      return { cpu: used.user + used.system, inputTokens: response.usage?.inputTokens ?? 0 };
    };
    const cold = await measure(file);
    const nextKeystroke = await measure(`${file}Tom ran`);
    expect(nextKeystroke.inputTokens).toBeGreaterThan(cold.inputTokens);
    // Only the new tokens are evaluated: a small fraction of the cold prompt's work.
    expect(nextKeystroke.cpu).toBeLessThan(cold.cpu / 5);
  });

  it('returns embeddings of the model dimension', async () => {
    const response = await provider.embed!({ model: 'stories', input: ['hello', 'a red ball', 'hello'] }, createCallOptions());
    expect(response.embeddings).toHaveLength(3);
    // stories260K has embedding_length 64 in its GGUF header.
    for (const vector of response.embeddings) expect(vector).toHaveLength(64);
    expect(response.embeddings[0]).toEqual(response.embeddings[2]);
    expect(response.embeddings[0]).not.toEqual(response.embeddings[1]);
    const expectedTokens = ['hello', 'a red ball', 'hello'].reduce((sum, text) => sum + countPromptTokens(text), 0);
    expect(response.usage).toEqual({ inputTokens: expectedTokens, outputTokens: 0 });
  });

  it('refuses what it cannot do with CAPABILITY_UNSUPPORTED', async () => {
    const withTools = createChatRequest('Hi', { tools: [{ name: 'lookup', parameters: { type: 'object' } }] });
    await expect(provider.chat(withTools, createCallOptions())).rejects.toMatchObject({ code: 'CAPABILITY_UNSUPPORTED', param: 'tools' });
    const withImage = createChatRequest('Hi');
    withImage.messages[0]!.content.push({ type: 'image', url: 'data:image/png;base64,AAAA' });
    await expect(provider.chat(withImage, createCallOptions())).rejects.toMatchObject({ code: 'CAPABILITY_UNSUPPORTED' });
    const wrongSize = provider.embed!({ model: 'stories', input: ['hi'], dimensions: 32 }, createCallOptions());
    await expect(wrongSize).rejects.toMatchObject({ code: 'CAPABILITY_UNSUPPORTED', param: 'dimensions' });
  });

  it('refuses a prompt longer than the context with INVALID_REQUEST', async () => {
    const request = createChatRequest('ball '.repeat(3000));
    const failure = await provider.chat(request, createCallOptions()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AirlockError);
    expect(failure).toMatchObject({ code: 'INVALID_REQUEST' });
    expect((failure as Error).message).not.toContain('ball');
  });
});
