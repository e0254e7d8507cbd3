import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicSurface, type AnthropicSurfaceSetup } from './anthropic-gateway-setup.js';

let setup: AnthropicSurfaceSetup;

beforeAll(async () => {
  setup = await startAnthropicSurface({
    models: {
      'claude-sonnet-4-5': { destination: 'claude', upstream: 'claude-sonnet-4-5-20250929', aliases: ['sonnet'] },
      'claude-haiku-4-5': { destination: 'claude' },
      'gpt-4o': { destination: 'cloud' },
      'gpt-4o-mini': { destination: 'cloud' },
    },
    policy: { approvedModels: { cloud: ['gpt-4o'] } },
  });
});

afterAll(async () => {
  await setup?.close();
});

describe("Anthropic's Models API on /v1/models", () => {
  it('lists the approved models to the official Anthropic SDK, in its shape', async () => {
    const listed: Anthropic.ModelInfo[] = [];
    for await (const model of setup.client.models.list()) listed.push(model);
    expect(listed.map((model) => model.id)).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5', 'gpt-4o']);
    expect(listed[0]).toMatchObject({ type: 'model', id: 'claude-sonnet-4-5', display_name: 'claude-sonnet-4-5' });
    expect(Number.isNaN(Date.parse(listed[0]!.created_at))).toBe(false);
  });

  it('pages with limit, after_id and before_id as Anthropic does', async () => {
    const first = await setup.client.models.list({ limit: 2 });
    expect(first.data.map((model) => model.id)).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5']);
    expect(first.has_more).toBe(true);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second.data.map((model) => model.id)).toEqual(['gpt-4o']);
    expect(second.has_more).toBe(false);
    const before = await setup.client.models.list({ before_id: 'gpt-4o', limit: 1 });
    expect(before.data.map((model) => model.id)).toEqual(['claude-haiku-4-5']);
    expect(before.has_more).toBe(true);
    await expect(setup.client.models.list({ limit: 0 })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(setup.client.models.list({ after_id: 'not-listed' })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it('retrieves a model by name or alias, and refuses one that is not approved', async () => {
    expect(await setup.client.models.retrieve('sonnet')).toMatchObject({ type: 'model', id: 'claude-sonnet-4-5' });
    await expect(setup.client.models.retrieve('gpt-4o-mini')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('still answers OpenAI clients in OpenAI’s shape on the same paths', async () => {
    const openai = new OpenAI({ baseURL: `${setup.gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const models = await openai.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['claude-sonnet-4-5', 'claude-haiku-4-5', 'gpt-4o']);
    expect(models.data[0]).toMatchObject({ object: 'model', owned_by: 'claude' });
  });
});
