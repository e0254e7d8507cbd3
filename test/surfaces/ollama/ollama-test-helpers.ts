/** Small helpers for calling the Ollama listener without the client, to see statuses, headers and raw lines. */

export interface RawReply {
  status: number;
  headers: Headers;
  text: string;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawReply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The NDJSON lines of a body, each parsed; a line that is not JSON fails the test. */
export function parseLines(text: string): Record<string, unknown>[] {
  const lines = text.split('\n').filter((line) => line !== '');
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Placeholders an upstream received, so a fake upstream can answer with them. */
export function findPlaceholders(rawBody: string): string[] {
  return [...new Set(rawBody.match(/<[A-Z][A-Z0-9_]*_\d+>/g) ?? [])];
}
