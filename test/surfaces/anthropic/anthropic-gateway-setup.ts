import Anthropic from '@anthropic-ai/sdk';
import type { ConfigInput } from '../../../src/config/schema.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { startTestGateway, type TestGateway } from '../../helpers/start-test-gateway.js';

/** Synthetic values shaped like real ones (never real credentials). */
export const AWS_KEY = 'AKIAQ3EGRJ7XPL2MVN5T';
export const AWS_PLACEHOLDER = '<AWS_ACCESS_KEY_ID_1>';

export interface AnthropicSurfaceSetup {
  /** An upstream speaking Anthropic's Messages API (destination `claude`). */
  claude: LoopbackServer;
  /** An upstream speaking OpenAI's Chat Completions (destination `cloud`). */
  cloud: LoopbackServer;
  gateway: TestGateway;
  /** The official SDK pointed at the gateway, as Claude Code's ANTHROPIC_BASE_URL would. */
  client: Anthropic;
  close(): Promise<void>;
}

/**
 * The real gateway with two recording enterprise upstreams: `claude-sonnet-4-5` (alias `sonnet`)
 * on an Anthropic destination and `gpt-4o` on an OpenAI-compatible one, so the surface is tested
 * against both translations.
 */
export async function startAnthropicSurface(overrides: Partial<ConfigInput> = {}): Promise<AnthropicSurfaceSetup> {
  const claude = await startLoopbackServer();
  const cloud = await startLoopbackServer();
  const gateway = await startTestGateway(
    {
      destinations: {
        claude: {
          kind: 'anthropic',
          tier: 'enterprise',
          retention: 'zero',
          baseUrl: claude.url,
          apiKeyEnv: 'CLAUDE_KEY',
          retries: { max: 0 },
        },
        cloud: { kind: 'openai-compatible', tier: 'enterprise', retention: 'zero', baseUrl: `${cloud.url}/v1`, retries: { max: 0 } },
      },
      models: {
        'claude-sonnet-4-5': { destination: 'claude', upstream: 'claude-sonnet-4-5-20250929', aliases: ['sonnet'] },
        'gpt-4o': { destination: 'cloud' },
      },
      ...overrides,
    },
    { CLAUDE_KEY: 'sk-ant-api03-upstream-test-key-0000' },
  );
  const client = new Anthropic({ baseURL: gateway.url, apiKey: 'airlock-test-key', maxRetries: 0 });
  return {
    claude,
    cloud,
    gateway,
    client,
    async close() {
      await gateway.close();
      await claude.close();
      await cloud.close();
    },
  };
}

/** Reads a raw SSE body into `[event, data]` pairs, to check the exact event sequence. */
export function parseServerSentEvents(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '{}';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}
