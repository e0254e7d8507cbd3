import type { FastifyInstance, FastifyReply } from 'fastify';
import { AirlockError } from '../../errors/airlock-error.js';
import type { Gateway } from '../../pipeline/gateway.js';
import { handleRequest } from '../../pipeline/handle-request.js';
import type { RequestContext } from '../../pipeline/request-context.js';
import { finalizeRequest, getRequestContext } from '../../server/request-lifecycle.js';
import { sendEventStream } from '../../server/send-event-stream.js';
import { validateBody } from '../validate.js';
import { parseChatBody, parseGenerateBody, type OllamaPlan } from './convert-request.js';
import { listVisibleModels } from '../../pipeline/visible-models.js';
import { describeModel, findVisibleModel, listRunningModels, normalizeModelName, showModel } from './describe-models.js';
import { encodeResponse, encodeStream, toNanoseconds, type ReplyShape } from './encode-reply.js';
import { embedBodySchema, embeddingsBodySchema, showBodySchema } from './ollama-schemas.js';
import { renderOllamaStreamError } from './render-error.js';

/** Model listings need the same credentials as model requests: they reveal what is configured. */
const LISTING = { config: { authenticate: true } } as const;

/**
 * The Ollama API version Airlock's surface follows (docs/api.md): clients that gate features on
 * `/api/version` (tools, structured outputs, `suffix`) see a version that has them.
 */
export const OLLAMA_API_VERSION = '0.9.0';

const MODEL_ROUTE = { config: { surface: 'ollama' as const } };

/**
 * Ollama's native API: generation and embeddings through the pipeline (HEAD routes come with
 * each GET), listings from the config, model management refused.
 */
export function registerOllamaRoutes(app: FastifyInstance, gateway: Gateway): void {
  registerListingRoutes(app, gateway);
  const normalize = (name: string): string => normalizeModelName(gateway, name);
  app.post('/api/chat', MODEL_ROUTE, async (request, reply) =>
    runPlan(reply, gateway, getRequestContext(request), parseChatBody(request.body, normalize), 'chat'),
  );
  app.post('/api/generate', MODEL_ROUTE, async (request, reply) =>
    runPlan(reply, gateway, getRequestContext(request), parseGenerateBody(request.body, normalize), 'generate'),
  );
  registerEmbeddingRoutes(app, gateway);
  registerRefusedRoutes(app);
}

function registerListingRoutes(app: FastifyInstance, gateway: Gateway): void {
  app.get('/', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('Ollama is running'));
  app.get('/api/version', async () => ({ version: OLLAMA_API_VERSION }));
  app.get('/api/tags', LISTING, async () => ({ models: listVisibleModels(gateway).map((entry) => describeModel(gateway, entry)) }));
  app.get('/api/ps', LISTING, async () => ({ models: listRunningModels(gateway) }));
  app.post('/api/show', LISTING, async (request) => {
    const input = validateBody(showBodySchema, request.body);
    return showModel(gateway, findVisibleModel(gateway, input.model ?? input.name ?? ''));
  });
}

function registerEmbeddingRoutes(app: FastifyInstance, gateway: Gateway): void {
  const normalize = (name: string): string => normalizeModelName(gateway, name);
  app.post('/api/embed', MODEL_ROUTE, async (request, reply) => {
    const context = getRequestContext(request);
    const input = validateBody(embedBodySchema, request.body);
    const texts = typeof input.input === 'string' ? [input.input] : input.input;
    const embedding = {
      model: normalize(input.model),
      input: texts,
      ...(input.dimensions == null ? {} : { dimensions: input.dimensions }),
    };
    const result = await handleRequest(gateway, context, { kind: 'embedding', request: embedding });
    if (result.result.type !== 'embedding') throw new Error('embedding operation returned another result');
    const response = result.result.response;
    return sendJson(reply, result.headers, {
      model: result.route.model,
      embeddings: response.embeddings,
      total_duration: toNanoseconds(performance.now() - context.startedAt),
      load_duration: 0,
      prompt_eval_count: response.usage?.inputTokens ?? 0,
    });
  });

  // The superseded single-text endpoint; an empty prompt gets an empty vector, as in Ollama.
  app.post('/api/embeddings', MODEL_ROUTE, async (request, reply) => {
    const context = getRequestContext(request);
    const input = validateBody(embeddingsBodySchema, request.body);
    if (!input.prompt) {
      findVisibleModel(gateway, input.model);
      return sendJson(reply, {}, { embedding: [] });
    }
    const result = await handleRequest(gateway, context, {
      kind: 'embedding',
      request: { model: normalize(input.model), input: [input.prompt] },
    });
    if (result.result.type !== 'embedding') throw new Error('embedding operation returned another result');
    return sendJson(reply, result.headers, { embedding: result.result.response.embeddings[0] ?? [] });
  });
}

async function runPlan(
  reply: FastifyReply,
  gateway: Gateway,
  context: RequestContext,
  plan: OllamaPlan,
  shape: ReplyShape,
): Promise<FastifyReply | void> {
  if (plan.kind === 'load') return sendLoadReply(reply, gateway, plan, shape);
  const result = await handleRequest(gateway, context, plan.operation);
  const options = { shape, model: result.route.model, startedAt: context.startedAt };
  if (result.result.type === 'stream') {
    return sendEventStream(reply, encodeStream(result.result.events, options), {
      contentType: 'application/x-ndjson',
      headers: result.headers,
      renderError: renderOllamaStreamError,
      logger: gateway.logger,
      requestId: result.requestId,
      onEnd: (outcome) => finalizeRequest(gateway, context, outcome),
    });
  }
  if (result.result.type !== 'generate') throw new Error('generation returned another result');
  return sendJson(reply, result.headers, encodeResponse(result.result.response, options));
}

/**
 * Ollama loads a model when asked to generate from nothing, and unloads it with `keep_alive: 0`.
 * Airlock's destinations are loaded at start, so this only checks the model and says it is ready:
 * nothing is sent anywhere.
 */
function sendLoadReply(
  reply: FastifyReply,
  gateway: Gateway,
  plan: Extract<OllamaPlan, { kind: 'load' }>,
  shape: ReplyShape,
): FastifyReply {
  const entry = findVisibleModel(gateway, plan.model);
  const body: Record<string, unknown> = { model: entry.name, created_at: new Date().toISOString() };
  if (shape === 'chat') body['message'] = { role: 'assistant', content: '' };
  else body['response'] = '';
  return sendJson(reply, {}, { ...body, done_reason: plan.unload ? 'unload' : 'load', done: true });
}

function sendJson(reply: FastifyReply, headers: Record<string, string>, body: unknown): FastifyReply {
  return reply.headers(headers).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/**
 * Model management belongs to Airlock's config (which destinations exist, which models are
 * approved), not to clients: pulling, pushing, creating, copying and deleting are refused.
 */
function registerRefusedRoutes(app: FastifyInstance): void {
  const refuse = async (request: { url: string }): Promise<never> => {
    const path = request.url.split('?')[0]?.slice(0, 100) ?? '';
    throw new AirlockError(
      'FORBIDDEN',
      `Airlock manages models in its configuration, so ${path} is not available here: add or change models under "models" in the Airlock config.`,
    );
  };
  for (const path of ['/api/pull', '/api/push', '/api/create', '/api/copy', '/api/blobs/:digest']) app.post(path, refuse);
  app.delete('/api/delete', refuse);
  app.head('/api/blobs/:digest', refuse);
}
