import { describe, expect, it } from 'vitest';
import type { ChatRequest, CompletionRequest, EmbeddingRequest } from '../../src/canonical/types.js';
import {
  approximateTokens,
  countTextTokens,
  estimateInputTokens,
  estimateOutputTokens,
  estimateUsage,
} from '../../src/identity/estimate-tokens.js';

describe('token estimation', () => {
  it('counts tokens with the o200k_base encoding', () => {
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('hello world')).toBe(2);
    expect(countTextTokens('The quick brown fox jumps over the lazy dog.')).toBe(10);
  });

  it('counts text that looks like a special token as plain text instead of failing', () => {
    const count = countTextTokens('before <|endoftext|> after <|im_start|>');
    expect(count).toBeGreaterThan(6);
  });

  it('estimates a chat request with message framing, tool calls, tool results and tool definitions', () => {
    const request: ChatRequest = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are terse.' }] },
        { role: 'user', content: [{ type: 'text', text: 'hello world' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'lookup', arguments: '{"q":"x"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: 'result text' }] },
      ],
      tools: [{ name: 'lookup', description: 'Looks things up', parameters: { type: 'object' } }],
    };
    const texts = ['You are terse.', 'hello world', '{"q":"x"}', 'result text', 'Looks things up', 'lookup', '{"type":"object"}'];
    const expected = texts.reduce((sum, text) => sum + countTextTokens(text), 0) + 4 * 3 + 3;
    expect(estimateInputTokens(request)).toBe(expected);
  });

  it('estimates completion (with suffix) and embedding requests from their texts', () => {
    const completion: CompletionRequest = { model: 'm', prompt: 'def add(a, b):', suffix: '\n    return c' };
    expect(estimateInputTokens(completion)).toBe(countTextTokens('def add(a, b):') + countTextTokens('\n    return c'));
    const embedding: EmbeddingRequest = { model: 'e', input: ['one', 'two three'] };
    expect(estimateInputTokens(embedding)).toBe(countTextTokens('one') + countTextTokens('two three'));
  });

  it('marks the usage it produces as estimated, counting tool calls in the output', () => {
    const request: CompletionRequest = { model: 'm', prompt: 'hello world' };
    const usage = estimateUsage(request, 'The quick brown fox jumps over the lazy dog.', [{ id: '1', name: 'f', arguments: '{}' }]);
    expect(usage).toEqual({ inputTokens: 2, outputTokens: 10 + countTextTokens('f') + countTextTokens('{}'), estimated: true });
    expect(estimateOutputTokens('')).toBe(0);
  });

  it('is fast: 120 KB of code in well under 100 ms', () => {
    const text = 'export function add(left: number, right: number): number { return left + right; }\n'.repeat(1_500);
    countTextTokens(text.slice(0, 1_000));
    const started = performance.now();
    const count = countTextTokens(text);
    expect(performance.now() - started).toBeLessThan(100);
    expect(count).toBeGreaterThan(text.length / 8);
    expect(count).toBeLessThan(approximateTokens(text.length));
  });
});
