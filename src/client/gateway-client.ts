import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import { parseEventStream } from '../providers/http/parse-event-stream.js';
import { readDecision, type AirlockDecision } from './airlock-decision.js';
import { GatewayError, parseErrorBody } from './gateway-error.js';

/** One chat message as the OpenAI surface takes it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatStreamRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  max_tokens?: number;
}

/** An answer being streamed: the decision is known from the headers, the text arrives piece by piece. */
export interface ChatStream {
  decision: AirlockDecision;
  /** Text deltas in order; throws GatewayError when the gateway reports a failure mid-stream. */
  text: AsyncGenerator<string, void, undefined>;
  /** Set once `text` is exhausted: `stop`, `length`, ... */
  finishReason: string | undefined;
}

/** The developer commands' view of the gateway: its OpenAI surface plus the x-airlock headers. */
export interface GatewayClient {
  readonly url: string;
  /** The model ids `/v1/models` lists, in order. */
  listModels(): Promise<string[]>;
  /** Resolves a name or alias to the configured model name; MODEL_NOT_FOUND when there is none. */
  findModel(name: string): Promise<string>;
  openChatStream(body: ChatStreamRequest, signal?: AbortSignal): Promise<ChatStream>;
  /** Closes the client's connections; call it when the command is done. */
  close(): Promise<void>;
}

const LIST_TIMEOUT_MS = 10_000;
/** A local model may take minutes to load before its first token. */
const ANSWER_TIMEOUT_MS = 300_000;
const MAX_ERROR_BODY = 64 * 1024;

/**
 * A client of one gateway with connections of its own, so a command closes exactly what it opened
 * when it ends (an aborted answer can leave undici holding a fresh, unused connection).
 */
export function createGatewayClient(options: { url: string; key?: string | undefined }): GatewayClient {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const headers: Record<string, string> = { 'user-agent': 'airlock-cli', accept: 'application/json' };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const send = (method: 'GET' | 'POST', path: string, init: { body?: string; signal?: AbortSignal; timeoutMs: number }) =>
    sendRequest(options.url, method, path, {
      ...init,
      dispatcher,
      headers: init.body ? { ...headers, 'content-type': 'application/json' } : headers,
    });

  return {
    url: options.url,
    async listModels() {
      const response = await send('GET', '/v1/models', { timeoutMs: LIST_TIMEOUT_MS });
      const body = (await response.body.json()) as { data?: { id?: unknown }[] };
      return (body.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === 'string');
    },
    async findModel(name) {
      const response = await send('GET', `/v1/models/${encodeURIComponent(name)}`, { timeoutMs: LIST_TIMEOUT_MS });
      const body = (await response.body.json()) as { id?: unknown };
      return typeof body.id === 'string' ? body.id : name;
    },
    async openChatStream(body, signal) {
      const response = await send('POST', '/v1/chat/completions', {
        body: JSON.stringify({ ...body, stream: true }),
        timeoutMs: ANSWER_TIMEOUT_MS,
        ...(signal ? { signal } : {}),
      });
      const decision = readDecision(response.headers);
      const stream: ChatStream = {
        decision,
        finishReason: undefined,
        text: readChatEvents(response, decision, (reason) => (stream.finishReason = reason)),
      };
      return stream;
    },
    close: () => dispatcher.destroy(),
  };
}

interface GatewayResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: AsyncIterable<Buffer> & { text(): Promise<string>; json(): Promise<unknown>; dump(): Promise<void> };
}

/** Sends one request; a status ≥ 400 becomes a GatewayError with the gateway's code and message. */
async function sendRequest(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  init: { body?: string; signal?: AbortSignal; timeoutMs: number; headers: Record<string, string>; dispatcher: Agent },
): Promise<GatewayResponse> {
  let response: GatewayResponse;
  try {
    response = await request(`${base}${path}`, {
      method,
      dispatcher: init.dispatcher,
      headers: init.headers,
      body: init.body ?? null,
      signal: init.signal ?? null,
      headersTimeout: init.timeoutMs,
      bodyTimeout: init.timeoutMs,
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw unreachable(base, error);
  }
  if (response.statusCode >= 400) throw await readFailure(response);
  return response;
}

async function readFailure(response: GatewayResponse): Promise<GatewayError> {
  const decision = readDecision(response.headers);
  let text = '';
  for await (const chunk of response.body) {
    if (text.length < MAX_ERROR_BODY) text += chunk.toString('utf8');
  }
  const parsed = parseErrorBody(text);
  if (parsed)
    return new GatewayError(parsed.code ?? `HTTP_${response.statusCode}`, parsed.message, { status: response.statusCode, decision });
  return new GatewayError(
    `HTTP_${response.statusCode}`,
    `The gateway answered HTTP ${response.statusCode} without an error object; is this an Airlock gateway?`,
    {
      status: response.statusCode,
      decision,
    },
  );
}

function unreachable(base: string, error: unknown): GatewayError {
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return new GatewayError(
    'GATEWAY_UNREACHABLE',
    `Could not reach the Airlock gateway at ${base} (${reason}). Start one with \`airlock serve\`, or point --url or AIRLOCK_URL at yours.`,
    { cause: error },
  );
}

/**
 * Turns the SSE body into text deltas. A JSON body (a gateway that ignored `stream`) is read whole.
 * `data: {"error":...}` is the gateway's mid-stream failure; a stream that ends without `[DONE]`
 * or an error broke off.
 */
async function* readChatEvents(
  response: GatewayResponse,
  decision: AirlockDecision,
  finish: (reason: string | undefined) => void,
): AsyncGenerator<string> {
  const contentType = String(response.headers['content-type'] ?? '');
  if (!contentType.includes('text/event-stream')) {
    const body = (await response.body.json()) as { choices?: { message?: { content?: unknown }; finish_reason?: string }[] };
    const choice = body.choices?.[0];
    finish(choice?.finish_reason);
    if (typeof choice?.message?.content === 'string') yield choice.message.content;
    return;
  }
  try {
    for await (const event of parseEventStream(response.body)) {
      if (event.data === '[DONE]') return;
      const chunk = parseChunk(event.data);
      if (chunk.error) {
        const failure = parseErrorBody(event.data);
        throw new GatewayError(failure?.code ?? 'UPSTREAM_STREAM_ERROR', failure?.message ?? 'The answer failed mid-stream.', {
          status: 200,
          decision,
        });
      }
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) finish(choice.finish_reason);
      const text = choice?.delta?.content ?? choice?.delta?.refusal;
      if (typeof text === 'string' && text !== '') yield text;
    }
  } catch (error) {
    if (error instanceof GatewayError || isAbort(error)) throw error;
    throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'The connection to the gateway broke off mid-answer.', {
      status: 200,
      decision,
      cause: error,
    });
  }
  throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'The answer stream ended before it was complete.', { status: 200, decision });
}

/** Whether an error is the cancellation the caller asked for (undici's or the platform's name for it). */
export function isAbort(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  return name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR';
}

interface ChatChunk {
  error?: unknown;
  choices?: { delta?: { content?: string | null; refusal?: string | null }; finish_reason?: string | null }[];
}

function parseChunk(data: string): ChatChunk {
  try {
    return JSON.parse(data) as ChatChunk;
  } catch {
    throw new GatewayError('GATEWAY_PROTOCOL_ERROR', 'The gateway sent a stream event that is not JSON.', { status: 200 });
  }
}
