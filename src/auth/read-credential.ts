import { AirlockError } from '../errors/airlock-error.js';

/** Request headers as Node gives them: lower-case names. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Sent with every 401, as RFC 6750 asks of a bearer-token resource. */
export const CHALLENGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'www-authenticate': 'Bearer realm="airlock"' });

function refuseMalformed(): never {
  throw new AirlockError('UNAUTHENTICATED', 'The credentials are malformed; send "Authorization: Bearer <key>" or "x-api-key: <key>".', {
    headers: { ...CHALLENGE_HEADERS },
  });
}

/**
 * The credential a client presented, whatever its SDK: `Authorization: Bearer …` (OpenAI, Ollama,
 * Anthropic with an auth token) or `x-api-key: …` (Anthropic). Undefined when there is none.
 * When both are sent they must agree, so a proxy cannot be confused about who is asking.
 */
export function readCredential(headers: RequestHeaders): string | undefined {
  const authorization = headers['authorization'];
  const apiKey = headers['x-api-key'];
  if (Array.isArray(authorization) || Array.isArray(apiKey)) refuseMalformed();
  let bearer: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (match === null) refuseMalformed();
    bearer = match[1];
  }
  const key = apiKey === undefined || apiKey === '' ? undefined : apiKey.trim();
  if (bearer !== undefined && key !== undefined && bearer !== key) refuseMalformed();
  return bearer ?? key;
}

/** Whether a credential has the shape of a JWT (three base64url segments), as opposed to a key. */
export function looksLikeJwt(credential: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(credential);
}
