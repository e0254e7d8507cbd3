/**
 * A tiny recording HTTP server for tests of anything that calls an upstream API. It listens on
 * an ephemeral loopback port, records every request (method, path, headers, raw and parsed
 * body, and when its TCP connection closed) and answers with a handler the test sets.
 *
 * @example
 * const server = await startLoopbackServer((request, response) => sendJson(response, 200, { ok: true }));
 * // ... point the code under test at server.url ...
 * expect(server.lastRequest().body).toMatchObject({ model: 'gpt-4o' });
 * await server.close();
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query exactly as received, e.g. `/v1/chat/completions?api-version=1`. */
  path: string;
  /** Lower-cased header names, as Node gives them. */
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** `rawBody` parsed as JSON; undefined when it is empty or not JSON. */
  body: unknown;
  /** The client's port: equal ports on two requests mean one reused keep-alive connection. */
  remotePort: number | undefined;
  /** Resolves when the TCP connection that carried this request closes (client abort, destroy or shutdown). */
  connectionClosed: Promise<void>;
}

/** Answers one recorded request; it may write slowly, never answer, or destroy the socket. */
export type LoopbackHandler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Errors thrown by handlers (they also get a 500): a test should expect this to stay empty. */
  readonly handlerErrors: unknown[];
  /** Replaces the handler for the requests that follow. */
  handle(handler: LoopbackHandler): void;
  /** The most recent request; throws when there is none. */
  lastRequest(): RecordedRequest;
  /** Destroys open connections (a hanging handler included) and stops listening. */
  close(): Promise<void>;
}

/** Starts a loopback server on `127.0.0.1:0`. The default handler answers 404. */
export async function startLoopbackServer(handler?: LoopbackHandler): Promise<LoopbackServer> {
  let current: LoopbackHandler = handler ?? ((_request, response) => sendJson(response, 404, { error: 'no handler' }));
  const requests: RecordedRequest[] = [];
  const handlerErrors: unknown[] = [];
  const server = createServer(async (incoming, response) => {
    const connectionClosed = watchConnection(incoming.socket);
    let rawBody: string;
    try {
      rawBody = await readBody(incoming);
    } catch {
      // The client went away mid-upload: there is nothing to record or answer.
      return;
    }
    const recorded: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path: incoming.url ?? '/',
      headers: incoming.headers,
      rawBody,
      body: parseJson(rawBody),
      remotePort: incoming.socket.remotePort,
      connectionClosed,
    };
    requests.push(recorded);
    try {
      await current(recorded, response);
    } catch (error) {
      handlerErrors.push(error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('loopback handler failed');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handlerErrors,
    handle(next) {
      current = next;
    },
    lastRequest() {
      const last = requests.at(-1);
      if (!last) throw new Error('The loopback server has received no request.');
      return last;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Writes a complete JSON response. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Writes a complete text response (for non-JSON error pages). */
export function sendText(response: ServerResponse, status: number, text: string, contentType = 'text/html'): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Options of {@link writeInPieces}. */
export interface PieceOptions {
  /** Largest piece in bytes; pieces are 1..maxPiece long. Default 7, small enough to split lines and JSON. */
  maxPiece?: number;
  /** Seed of the piece sizes, so a failure can be replayed. Default 1. */
  seed?: number;
}

/**
 * Writes `text` in pieces of pseudo-random length with a macrotask between writes, so the
 * client receives the bytes in many TCP reads cut at arbitrary points (mid-line, mid-JSON,
 * mid-UTF-8 sequence). Does not end the response.
 */
export async function writeInPieces(response: ServerResponse, text: string, options: PieceOptions = {}): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  const maxPiece = options.maxPiece ?? 7;
  let seed = options.seed ?? 1;
  let offset = 0;
  while (offset < bytes.length) {
    // A small linear congruential generator: deterministic, good enough to vary cut points.
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const size = 1 + (seed % maxPiece);
    if (response.destroyed) return;
    response.write(bytes.subarray(offset, offset + size));
    offset += size;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Starts a `text/event-stream` response (status 200 unless given). */
export function startEventStream(response: ServerResponse, status = 200, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
  response.flushHeaders();
}

/** Formats one server-sent event: an optional `event:` line, one `data:` line, a blank line. */
export function formatServerSentEvent(data: string, event?: string): string {
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${data}\n\n`;
}

/** One promise per socket, so keep-alive connections carrying many requests add one listener. */
const connectionWatches = new WeakMap<Socket, Promise<void>>();

function watchConnection(socket: Socket): Promise<void> {
  let closed = connectionWatches.get(socket);
  if (!closed) {
    closed = socket.destroyed ? Promise.resolve() : new Promise<void>((resolve) => socket.once('close', () => resolve()));
    connectionWatches.set(socket, closed);
  }
  return closed;
}

async function readBody(incoming: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
