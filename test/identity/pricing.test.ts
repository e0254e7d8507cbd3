import { describe, expect, it } from 'vitest';
import { pricingSchema } from '../../src/config/store-schema.js';
import { convertUsdToMicroUsd, createPricing, formatMicroUsd } from '../../src/identity/pricing.js';

const pricing = createPricing(
  pricingSchema.parse({
    openai: {
      'gpt-4o': { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 },
      'gpt-4o-mini': { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
    },
    anthropic: { '*': { inputPerMillionUsd: 3, outputPerMillionUsd: 15 } },
    gpu: { 'llama-70b': { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.1 } },
  }),
);

describe('pricing', () => {
  it('charges USD per million tokens as exact integer micro-dollars', () => {
    // 1,000 × 2.5 + 500 × 10 = 7,500 micro-dollars.
    expect(pricing.computeCost({ destination: 'openai', model: 'gpt-4o', inputTokens: 1_000, outputTokens: 500 })).toEqual({
      costMicroUsd: 7_500,
      priced: true,
    });
    // 0.15 and 0.6 are not exact in binary floating point; the integer arithmetic still is: 3 × 0.15 + 7 × 0.6 = 4.65 → 5.
    expect(pricing.computeCost({ destination: 'openai', model: 'gpt-4o-mini', inputTokens: 3, outputTokens: 7 }).costMicroUsd).toBe(5);
    expect(pricing.computeCost({ destination: 'openai', model: 'gpt-4o-mini', inputTokens: 3, outputTokens: 0 }).costMicroUsd).toBe(0);
    expect(pricing.computeCost({ destination: 'openai', model: 'gpt-4o-mini', inputTokens: 10, outputTokens: 0 }).costMicroUsd).toBe(2);
  });

  it('uses the destination wildcard, and charges nothing (unpriced) for unknown models such as local ones', () => {
    expect(pricing.computeCost({ destination: 'anthropic', model: 'claude-x', inputTokens: 1_000_000, outputTokens: 1_000_000 })).toEqual({
      costMicroUsd: 18_000_000,
      priced: true,
    });
    expect(pricing.computeCost({ destination: 'local', model: 'stories260K', inputTokens: 50, outputTokens: 50 })).toEqual({
      costMicroUsd: 0,
      priced: false,
    });
    expect(pricing.computeCost({ destination: 'openai', model: 'unknown', inputTokens: 1, outputTokens: 1 }).priced).toBe(false);
  });

  it('prices a configured local model when asked to', () => {
    expect(
      pricing.computeCost({ destination: 'gpu', model: 'llama-70b', inputTokens: 5_000_000, outputTokens: 5_000_000 }).costMicroUsd,
    ).toBe(1_000_000);
  });

  it('stays exact for very large requests', () => {
    const result = pricing.computeCost({
      destination: 'anthropic',
      model: 'any',
      inputTokens: 2_000_000_000,
      outputTokens: 1_000_000_000,
    });
    expect(result.costMicroUsd).toBe(21_000_000_000);
  });

  it('converts and formats USD without floating point drift', () => {
    expect(convertUsdToMicroUsd(12.34)).toBe(12_340_000);
    expect(convertUsdToMicroUsd(0.1 + 0.2)).toBe(300_000);
    expect(formatMicroUsd(12_345_678)).toBe('12.345678');
    expect(formatMicroUsd(5)).toBe('0.000005');
    expect(formatMicroUsd(0)).toBe('0.000000');
    expect(formatMicroUsd(-1_500_000)).toBe('-1.500000');
  });
});
