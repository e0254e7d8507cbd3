/**
 * An Ollama look-alike on the shared recording loopback server. Replies follow Ollama's
 * documented wire format (docs/api.md in ollama/ollama): JSON when `stream` is false, otherwise
 * NDJSON objects written in small pieces so lines are split across TCP reads.
 */
import type { ServerResponse } from 'node:http';
import { ollamaDestinationSchema } from '../../../src/config/schema.js';
import { createOllamaProvider, type OllamaProvider } from '../../../src/providers/ollama/create-ollama-provider.js';
import { createSilentLogger } from '../../../src/telemetry/logger.js';
import { sendJson, startLoopbackServer, writeInPieces, type LoopbackServer, type RecordedRequest } from '../../helpers/loopback-server.js';

export const knownModel = 'llama3.2';
const createdAt = '2024-07-22T20:33:28.123648Z';

/** Writes NDJSON objects in pieces (lines cut mid-JSON) and ends the response. */
export async function writeJsonLines(
  response: ServerResponse,
  objects: readonly unknown[],
  options: { end?: boolean } = {},
): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  await writeInPieces(response, objects.map((object) => `${JSON.stringify(object)}\n`).join(''));
  if (options.end ?? true) response.end();
}

export function createModelNotFound(model: string): { error: string } {
  return { error: `model "${model}" not found, try pulling it first` };
}

/** A chat stream as Ollama sends it: one object per piece of content, then the final statistics. */
export function createChatStreamObjects(pieces: readonly string[], doneReason = 'stop'): unknown[] {
  const deltas = pieces.map((content) => ({
    model: knownModel,
    created_at: createdAt,
    message: { role: 'assistant', content },
    done: false,
  }));
  const final = {
    model: knownModel,
    created_at: createdAt,
    message: { role: 'assistant', content: '' },
    done_reason: doneReason,
    done: true,
    total_duration: 4_883_583_458,
    load_duration: 1_334_875,
    prompt_eval_count: 26,
    prompt_eval_duration: 342_546_000,
    eval_count: pieces.length,
    eval_duration: 4_535_599_000,
  };
  return [...deltas, final];
}

export function createChatReply(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: knownModel,
    created_at: createdAt,
    message: { role: 'assistant', content },
    done_reason: 'stop',
    done: true,
    total_duration: 5_191_566_416,
    load_duration: 2_154_458,
    prompt_eval_count: 26,
    prompt_eval_duration: 383_809_000,
    eval_count: 298,
    eval_duration: 4_799_921_000,
    ...extra,
  };
}

/** Default behaviour: a healthy server that knows one model and answers every endpoint. */
export async function answerLikeOllama(request: RecordedRequest, response: ServerResponse): Promise<void> {
  const body = (request.body ?? {}) as { model?: string; stream?: boolean; input?: string[] };
  if (request.method === 'GET' && request.path === '/api/tags') {
    sendJson(response, 200, {
      models: [
        {
          name: 'llama3.2:latest',
          model: 'llama3.2:latest',
          modified_at: '2023-12-07T09:32:18.757212583-08:00',
          size: 3_825_819_519,
          digest: 'fe938a131f40e6f6d40083c9f0f430a515233eb2edaa6d72eb85c50d64f2300e',
          details: { format: 'gguf', family: 'llama', families: null, parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
        },
      ],
    });
    return;
  }
  if (body.model !== knownModel) {
    sendJson(response, 404, createModelNotFound(body.model ?? ''));
    return;
  }
  if (request.path === '/api/chat') {
    if (body.stream === false) sendJson(response, 200, createChatReply('Hello! How are you today?'));
    else await writeJsonLines(response, createChatStreamObjects(['Hello', '! How', ' are you', ' today?']));
    return;
  }
  if (request.path === '/api/generate') {
    const final = {
      model: knownModel,
      created_at: createdAt,
      response: '',
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 17,
      eval_count: 3,
    };
    if (body.stream === false) sendJson(response, 200, { ...final, response: '\n  return a + b\n' });
    else
      await writeJsonLines(response, [
        ...['\n  return', ' a + b', '\n'].map((text) => ({ model: knownModel, response: text, done: false })),
        final,
      ]);
    return;
  }
  if (request.path === '/api/embed') {
    const embeddings = (body.input ?? []).map((_text, index) => [0.010071029 + index, -0.0017594862, 0.05007221]);
    sendJson(response, 200, { model: knownModel, embeddings, total_duration: 14_143_917, load_duration: 1_019_500, prompt_eval_count: 8 });
    return;
  }
  sendJson(response, 404, { error: '404 page not found' });
}

export async function startOllamaServer(): Promise<LoopbackServer> {
  return startLoopbackServer(answerLikeOllama);
}

export function createProviderFor(baseUrl: string, extra: Record<string, unknown> = {}, env: Record<string, string> = {}): OllamaProvider {
  const config = ollamaDestinationSchema.parse({ kind: 'ollama', baseUrl, ...extra });
  return createOllamaProvider('ollama-local', config, { configDir: process.cwd(), env, logger: createSilentLogger() });
}
