import type { Readable } from 'node:stream';

export interface ServerSentEvent {
  event: string | undefined;
  data: string;
}

/**
 * Parses a text/event-stream body into events (WHATWG rules: `data:` lines joined by newlines,
 * blank line ends an event, comments ignored). Works on any chunking of the bytes.
 */
export async function* parseEventStream(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event: string | undefined;
  let data: string[] = [];
  for await (const chunk of iterateBody(body)) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    // A cursor over the buffer, cut once per chunk: one chunk often holds dozens of lines.
    let start = 0;
    for (;;) {
      const newline = findLineEnd(buffer, start);
      if (newline === -1) break;
      const isCr = buffer.charCodeAt(newline) === 13;
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (isCr && newline + 1 === buffer.length) break;
      const line = buffer.slice(start, newline);
      start = newline + (isCr && buffer.charCodeAt(newline + 1) === 10 ? 2 : 1);
      if (line === '') {
        if (data.length > 0) yield { event, data: data.length === 1 ? data[0]! : data.join('\n') };
        event = undefined;
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
    }
    buffer = start === 0 ? buffer : buffer.slice(start);
  }
  // Per the spec, an event cut off before its blank line is not dispatched.
}

/** Where the line starting at `from` ends (its \r or \n), or -1. */
function findLineEnd(buffer: string, from: number): number {
  for (let index = from; index < buffer.length; index++) {
    const code = buffer.charCodeAt(index);
    if (code === 10 || code === 13) return index;
  }
  return -1;
}

/** Parses newline-delimited JSON (Ollama's stream format) line by line. */
export async function* parseJsonLines(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of iterateBody(body)) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== '') yield JSON.parse(line);
    }
  }
  const rest = (buffer + decoder.decode()).trim();
  if (rest !== '') yield JSON.parse(rest);
}

/**
 * The chunks of a body. A Node stream's own iterator destroys the stream when the reader stops
 * early, with an AbortError whose stack trace costs every streamed request several microseconds,
 * and readers stop early all the time (at the final event, before the stream's end is read):
 * what happens to an unfinished body is `releaseBody`'s decision instead.
 */
function iterateBody(body: AsyncIterable<Uint8Array | string>): AsyncIterable<Uint8Array | string> {
  const readable = body as Partial<Readable>;
  return typeof readable.iterator === 'function' ? readable.iterator.call(body, { destroyOnReturn: false }) : body;
}
