import { ChatMLChatWrapper, getLlama, LlamaLogLevel, type LlamaModel } from 'node-llama-cpp';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedDestinationSchema } from '../../../src/config/schema.js';
import { createEmbeddedProvider } from '../../../src/providers/embedded-llama/create-embedded-provider.js';
import type { Provider } from '../../../src/providers/types.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import { collectEvents, createCallOptions, createChatRequest, joinTextDeltas, repositoryRoot, shippedModelPath } from './shipped-model.js';
import { writeGgufWithMetadata } from './write-gguf-metadata.js';

// The shipped weights under a ChatML template: the provider must render chats with the template.
const chatMlTemplate =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

let directory: string;
let provider: Provider;
let tokenizerModel: LlamaModel;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'airlock-template-'));
  const modelPath = join(directory, 'stories-chatml.gguf');
  await writeGgufWithMetadata(resolve(repositoryRoot, shippedModelPath), modelPath, 'tokenizer.chat_template', chatMlTemplate);
  const config = embeddedDestinationSchema.parse({ kind: 'embedded', modelPath });
  provider = createEmbeddedProvider('local', config, { configDir: directory, env: {}, logger: createSilentLogger() });
  await provider.start?.();
  const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  tokenizerModel = await llama.loadModel({ modelPath, vocabOnly: true });
});

afterAll(async () => {
  await provider?.close();
  await tokenizerModel?.dispose();
  await rm(directory, { recursive: true, force: true });
});

describe('embedded provider with a GGUF chat template', () => {
  it('renders the chat with the model template instead of the plain format', async () => {
    const response = await provider.chat(createChatRequest('Hello', { maxTokens: 20 }), createCallOptions());
    const rendered = new ChatMLChatWrapper().generateContextState({
      chatHistory: [
        { type: 'user', text: 'Hello' },
        { type: 'model', response: [] },
      ],
    });
    expect(response.usage?.inputTokens).toBe(rendered.contextText.tokenize(tokenizerModel.tokenizer).length);
    const plainCount = 1 + tokenizerModel.tokenize('User: Hello\nAssistant:', false, 'trimLeadingSpace').length;
    expect(response.usage?.inputTokens).not.toBe(plainCount);
  });

  it('answers deterministically, streamed or not', async () => {
    const request = createChatRequest('Hello', { maxTokens: 20 });
    const first = await provider.chat(request, createCallOptions());
    const streamed = joinTextDeltas(await collectEvents(provider.chatStream(request, createCallOptions())));
    // Observed from the real model at temperature 0 under the ChatML rendering.
    expect(first.text).toBe('"Here?" Annabyed.\n"Okay');
    expect(streamed).toBe(first.text);
  });
});
