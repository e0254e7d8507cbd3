/**
 * Builders of Anthropic Messages API replies (messages, SSE event sequences, errors) for loopback
 * servers, following docs.anthropic.com's API reference and streaming guide: every field the
 * real API sends, so clients that read more than Airlock does still parse them.
 */
import { formatServerSentEvent } from './loopback-server.js';

export type AnthropicBlockSpec =
  | { type: 'text'; pieces: string[] }
  | { type: 'tool_use'; id: string; name: string; jsonPieces: string[] }
  | { type: 'thinking'; pieces: string[] };

export interface AnthropicUsageSpec {
  input: number;
  output: number;
  cacheCreation?: number;
  cacheRead?: number;
}

export interface AnthropicMessageSpec {
  model?: string;
  blocks: AnthropicBlockSpec[];
  stopReason?: string;
  usage?: AnthropicUsageSpec;
}

/** One SSE event: the `event:` name equals `data.type`, as Anthropic sends them. */
export interface AnthropicStreamEvent {
  event: string;
  data: Record<string, unknown>;
}

const defaultUsage: AnthropicUsageSpec = { input: 25, output: 15 };

/** A complete `message` object. */
export function createMessage(spec: AnthropicMessageSpec): Record<string, unknown> {
  return {
    id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
    type: 'message',
    role: 'assistant',
    model: spec.model ?? 'claude-sonnet-4-20250514',
    content: spec.blocks.map(createFinalBlock),
    stop_reason: spec.stopReason ?? (spec.blocks.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn'),
    stop_sequence: null,
    usage: formatUsage(spec.usage ?? defaultUsage, spec.usage?.output ?? defaultUsage.output),
  };
}

/**
 * The documented event flow: message_start (empty content, input usage), a ping, then per block
 * content_block_start / content_block_delta... / content_block_stop, then message_delta (stop
 * reason, cumulative usage) and message_stop.
 */
export function createMessageStreamEvents(spec: AnthropicMessageSpec): AnthropicStreamEvent[] {
  const usage = spec.usage ?? defaultUsage;
  const events: AnthropicStreamEvent[] = [
    event('message_start', {
      message: { ...createMessage({ ...spec, blocks: [] }), content: [], stop_reason: null, usage: formatUsage(usage, 1) },
    }),
    event('ping', {}),
  ];
  spec.blocks.forEach((block, index) => {
    events.push(event('content_block_start', { index, content_block: createStartBlock(block) }));
    for (const delta of createDeltas(block)) events.push(event('content_block_delta', { index, delta }));
    events.push(event('content_block_stop', { index }));
  });
  const stopReason = spec.stopReason ?? (spec.blocks.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn');
  events.push(event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } }));
  events.push(event('message_stop', {}));
  return events;
}

/** Formats events as `event: name` + `data: {json}` pairs. */
export function formatAnthropicStream(events: AnthropicStreamEvent[]): string {
  return events.map((item) => formatServerSentEvent(JSON.stringify(item.data), item.event)).join('');
}

/** Anthropic's error body (also the data of a streamed `error` event). */
export function createAnthropicError(type: string, message: string): Record<string, unknown> {
  return { type: 'error', error: { type, message }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' };
}

/** A streamed `error` event, e.g. `overloaded_error` mid-stream. */
export function createAnthropicErrorEvent(type: string, message: string): AnthropicStreamEvent {
  return { event: 'error', data: createAnthropicError(type, message) };
}

function event(type: string, fields: Record<string, unknown>): AnthropicStreamEvent {
  return { event: type, data: { type, ...fields } };
}

function createFinalBlock(block: AnthropicBlockSpec): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.pieces.join('') };
    case 'thinking':
      return { type: 'thinking', thinking: block.pieces.join(''), signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' };
    case 'tool_use': {
      const json = block.jsonPieces.join('');
      return { type: 'tool_use', id: block.id, name: block.name, input: json === '' ? {} : JSON.parse(json) };
    }
  }
}

function createStartBlock(block: AnthropicBlockSpec): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
  }
}

function createDeltas(block: AnthropicBlockSpec): Record<string, unknown>[] {
  switch (block.type) {
    case 'text':
      return block.pieces.map((text) => ({ type: 'text_delta', text }));
    case 'thinking':
      return [
        ...block.pieces.map((thinking) => ({ type: 'thinking_delta', thinking })),
        { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
      ];
    case 'tool_use':
      // The API opens every tool input with an empty fragment.
      return ['', ...block.jsonPieces].map((partial_json) => ({ type: 'input_json_delta', partial_json }));
  }
}

function formatUsage(usage: AnthropicUsageSpec, output: number): Record<string, unknown> {
  return {
    input_tokens: usage.input,
    cache_creation_input_tokens: usage.cacheCreation ?? 0,
    cache_read_input_tokens: usage.cacheRead ?? 0,
    output_tokens: output,
    service_tier: 'standard',
  };
}
