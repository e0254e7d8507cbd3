import { z } from 'zod';

/** Bodies and query strings of the admin API (validated with the surfaces' validateBody). */

const name = z.string().trim().min(1).max(200);
const limit = z.number().int().nonnegative().nullable();
const usd = z.number().nonnegative().nullable();

export const limitsBodySchema = z.object({ rpm: limit.optional(), tpm: limit.optional(), concurrency: limit.optional() }).strict();

export const budgetBodySchema = z
  .object({ period: z.enum(['day', 'month']).default('month'), softUsd: usd.optional(), hardUsd: usd.optional() })
  .strict();

export const createKeyBodySchema = z
  .object({
    user: name,
    team: name.nullable().optional(),
    name: name.nullable().optional(),
    /** An ISO date(-time) or a duration from now (`30d`). */
    expires: z.string().min(1).nullable().optional(),
    limits: limitsBodySchema.optional(),
    budget: budgetBodySchema.nullable().optional(),
  })
  .strict();

export const updateKeyBodySchema = z
  .object({
    name: name.nullable().optional(),
    expires: z.string().min(1).nullable().optional(),
    limits: limitsBodySchema.optional(),
    budget: budgetBodySchema.nullable().optional(),
  })
  .strict();

export const teamBodySchema = z
  .object({
    description: z.string().max(1_000).nullable().optional(),
    limits: limitsBodySchema.optional(),
    budget: budgetBodySchema.nullable().optional(),
  })
  .strict();

export const keyListQuerySchema = z
  .object({ user: name.optional(), team: name.optional(), active: z.enum(['true', 'false']).optional() })
  .strict();

export const eventQuerySchema = z
  .object({
    since: z.string().optional(),
    actor: z.string().optional(),
    action: z.string().optional(),
    target: z.string().optional(),
    limit: z.coerce.number().int().min(1).max(1_000).optional(),
  })
  .strict();

export const usageQuerySchema = z
  .object({
    since: z.string().optional(),
    until: z.string().optional(),
    by: z.string().optional(),
    team: z.string().optional(),
    user: z.string().optional(),
    key: z.string().optional(),
  })
  .strict();

export const teamIdSchema = z.string().trim().min(1).max(200);

export type LimitsBody = z.output<typeof limitsBodySchema>;
export type BudgetBody = z.output<typeof budgetBodySchema>;
