import type { PricingConfig } from '../config/store-schema.js';

/**
 * Spend from a pricing table (USD per million tokens, per destination and upstream model) as
 * integer micro-dollars, so usage sums and budgets add up exactly. A price of P USD per million
 * tokens is exactly P micro-dollars per token; prices are held as integers in millionths of that
 * unit, and each request's cost is rounded half up to the micro-dollar (error ≤ 0.5 µ$ per
 * request, never accumulated, because sums are of the stored integers).
 */

export interface CostInput {
  destination: string;
  /** The upstream model that answered (the table's model names are the destination's own). */
  model: string;
  inputTokens: number;
  outputTokens: number;
}

export interface CostResult {
  costMicroUsd: number;
  /** False when the table has no price for this destination and model: the cost is 0. */
  priced: boolean;
}

export interface Pricing {
  computeCost(input: CostInput): CostResult;
}

interface IntegerPrice {
  input: bigint;
  output: bigint;
}

const MILLION = 1_000_000n;

/** Exact for prices with up to six decimals (0.000001 USD per million tokens). */
function toIntegerPrice(usdPerMillion: number): bigint {
  return BigInt(Math.round(usdPerMillion * 1_000_000));
}

/**
 * Looks up `table[destination][model]`, then `table[destination]['*']`. Anything unpriced costs
 * zero: right for local models, and reported as `priced: false` so the gateway can warn about a
 * cloud model missing from the table.
 */
export function createPricing(table: PricingConfig): Pricing {
  const prices = new Map<string, IntegerPrice>();
  for (const [destination, models] of Object.entries(table)) {
    for (const [model, price] of Object.entries(models)) {
      prices.set(`${destination}\u0000${model}`, {
        input: toIntegerPrice(price.inputPerMillionUsd),
        output: toIntegerPrice(price.outputPerMillionUsd),
      });
    }
  }
  return {
    computeCost({ destination, model, inputTokens, outputTokens }: CostInput): CostResult {
      const price = prices.get(`${destination}\u0000${model}`) ?? prices.get(`${destination}\u0000*`);
      if (price === undefined) return { costMicroUsd: 0, priced: false };
      const scaled =
        BigInt(Math.max(0, Math.trunc(inputTokens))) * price.input + BigInt(Math.max(0, Math.trunc(outputTokens))) * price.output;
      return { costMicroUsd: Number((scaled + MILLION / 2n) / MILLION), priced: true };
    },
  };
}

/** USD (as configured or typed on the command line) to integer micro-dollars, rounded to the nearest. */
export function convertUsdToMicroUsd(usd: number): number {
  return Math.round(usd * 1_000_000);
}

/** Micro-dollars as a decimal USD string with six places, computed exactly (`12.345678`). */
export function formatMicroUsd(microUsd: number): string {
  const sign = microUsd < 0 ? '-' : '';
  const absolute = Math.abs(Math.trunc(microUsd));
  const whole = Math.floor(absolute / 1_000_000);
  const fraction = String(absolute % 1_000_000).padStart(6, '0');
  return `${sign}${whole}.${fraction}`;
}
