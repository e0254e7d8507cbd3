import type { FastifyInstance } from 'fastify';
import { AirlockError } from '../../errors/airlock-error.js';

/**
 * Ollama's two defences for a port any web page can reach on localhost, applied to every request
 * of the Ollama listener:
 *
 * - Host check (DNS rebinding): a page on evil.example can re-point its own name at 127.0.0.1 and
 *   then talk to us "same-origin", but its requests still say `Host: evil.example`. Only local
 *   names and configured `allowedHosts` are served; anything else gets 403.
 * - CORS as with OLLAMA_ORIGINS: local origins on any port and the app/editor webview schemes
 *   are allowed, plus configured `allowedOrigins`; other origins get 403, preflights are answered.
 */
export interface BrowserGuardSettings {
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
}

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '::1', '0.0.0.0'];
const LOCAL_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::\d{1,5})?$/i;
const APP_ORIGIN_SCHEMES = ['app://', 'file://', 'tauri://', 'vscode-webview://', 'vscode-file://'];

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS';
// Ollama's list (including the OpenAI SDK's x-stainless-* headers), plus Airlock's request metadata.
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'User-Agent',
  'Accept',
  'X-Requested-With',
  'OpenAI-Beta',
  'x-stainless-arch',
  'x-stainless-async',
  'x-stainless-custom-poll-interval',
  'x-stainless-helper-method',
  'x-stainless-lang',
  'x-stainless-os',
  'x-stainless-package-version',
  'x-stainless-poll-helper',
  'x-stainless-retry-count',
  'x-stainless-runtime',
  'x-stainless-runtime-version',
  'x-stainless-timeout',
  'x-airlock-repository',
  'x-airlock-path',
].join(', ');
const EXPOSED_HEADERS =
  'x-airlock-request-id, x-airlock-classification, x-airlock-action, x-airlock-rule, x-airlock-route, x-airlock-redactions';

export function attachBrowserGuards(app: FastifyInstance, settings: BrowserGuardSettings): void {
  const isHostAllowed = createHostCheck(settings.allowedHosts);
  const isOriginAllowed = createOriginCheck(settings.allowedOrigins);
  app.addHook('onRequest', async (request, reply) => {
    // Runs before the request lifecycle, which would otherwise set it: every answer carries the id.
    reply.header('x-airlock-request-id', request.id);
    if (!isHostAllowed(request.headers.host)) {
      throw new AirlockError(
        'FORBIDDEN',
        'Host not allowed: this listener answers only local host names; add others to server.ollama.allowedHosts.',
      );
    }
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (!isOriginAllowed(origin)) {
      throw new AirlockError(
        'FORBIDDEN',
        'Origin not allowed: add it to server.ollama.allowedOrigins to call this listener from that page.',
      );
    }
    // On the raw response, so streamed (hijacked) replies carry them too.
    reply.raw.setHeader('access-control-allow-origin', origin);
    reply.raw.setHeader('vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      return reply
        .code(204)
        .header('access-control-allow-methods', ALLOWED_METHODS)
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '43200')
        .send();
    }
    reply.raw.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  });
}

/** True for a missing Host (HTTP/1.0, as Ollama allows), local names with any port, and configured names. */
export function createHostCheck(allowedHosts: readonly string[]): (header: string | undefined) => boolean {
  const allowed = new Set([...LOCAL_HOSTS, ...allowedHosts.map((host) => normalizeHostname(host))]);
  const any = allowed.has('*');
  return (header) => {
    if (header === undefined || header === '') return true;
    const hostname = parseHostHeader(header);
    return hostname !== undefined && (any || allowed.has(hostname));
  };
}

/** The lower-cased name of a Host header without its port (`[::1]:11434` → `::1`); undefined when malformed. */
export function parseHostHeader(header: string): string | undefined {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end === -1 || !isPortSuffix(value.slice(end + 1))) return undefined;
    return value.slice(1, end);
  }
  const colon = value.indexOf(':');
  if (colon !== -1 && !isPortSuffix(value.slice(colon))) return undefined;
  return normalizeHostname(colon === -1 ? value : value.slice(0, colon));
}

function isPortSuffix(text: string): boolean {
  return text === '' || /^:\d{0,5}$/.test(text);
}

function normalizeHostname(host: string): string {
  const lower = host.trim().toLowerCase();
  const unbracketed = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  // `localhost.` is the same name as `localhost`.
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

/** OLLAMA_ORIGINS semantics: the defaults, then configured origins where `*` matches any run of characters. */
export function createOriginCheck(allowedOrigins: readonly string[]): (origin: string) => boolean {
  const patterns = allowedOrigins.map(compileOriginPattern);
  return (origin) =>
    LOCAL_ORIGIN.test(origin) ||
    APP_ORIGIN_SCHEMES.some((scheme) => origin.toLowerCase().startsWith(scheme)) ||
    patterns.some((pattern) => pattern.test(origin));
}

function compileOriginPattern(pattern: string): RegExp {
  const source = pattern
    .trim()
    .split('*')
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i');
}
