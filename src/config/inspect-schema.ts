import { z } from 'zod';
import { CLASSIFICATIONS, FINDING_CATEGORIES } from '../inspect/types.js';

/**
 * The `inspect:` section: what the organisation tells the detectors (its domains, names and
 * package scopes), how findings map to a classification, and the bounds of evasion decoding.
 * Every field has a default, so `{}` is valid.
 */

const classificationSchema = z.enum(CLASSIFICATIONS);

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^\.?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'expected a domain such as corp.example.com',
  )
  .transform((domain) => domain.replace(/^\./, ''));

const markerSchema = z.string().trim().min(2, 'a marker needs at least 2 characters').max(100);

export const proprietarySchema = z
  .object({
    companyNames: z
      .array(markerSchema)
      .default([])
      .describe('Names of the organisation as they appear in copyright headers (e.g. "Acme Corp").'),
    packageScopes: z
      .array(z.string().regex(/^@[a-z0-9][a-z0-9._-]*\/?$/, 'expected an npm scope such as @acme/'))
      .default([])
      .describe('Internal package scopes (e.g. "@acme/"): an import of one marks the text as proprietary code.'),
    keywords: z.array(markerSchema).default([]).describe('Repository names and codenames that only appear in the organisation’s own code.'),
  })
  .strict();

export const classificationMappingSchema = z
  .object({
    categories: z
      .partialRecord(z.enum(FINDING_CATEGORIES), classificationSchema)
      .default({})
      .describe(
        'Level per finding category, overriding the defaults (secret: restricted; pii, config, code: confidential; injection: public).',
      ),
    types: z
      .record(z.string().regex(/^[a-z0-9_]+$/), classificationSchema)
      .default({})
      .describe('Level per finding type; wins over the category (default: source_code is internal).'),
  })
  .strict();

export const decodeSchema = z
  .object({
    maxDepth: z.number().int().min(0).max(4).default(2).describe('How many layers of base64/percent/hex encoding are decoded (0: none).'),
    maxBytes: z
      .number()
      .int()
      .min(0)
      .max(16 * 1024 * 1024)
      .default(256 * 1024)
      .describe('Most decoded bytes inspected per text; larger blobs are inspected only in their encoded form.'),
  })
  .strict();

export const inspectSchema = z
  .object({
    internalDomains: z
      .array(domainSchema)
      .default([])
      .describe('Internal DNS domains (e.g. corp.example.com): any host under one of them is reported as internal_hostname.'),
    proprietary: proprietarySchema.default({ companyNames: [], packageScopes: [], keywords: [] }),
    classification: classificationMappingSchema.default({ categories: {}, types: {} }),
    disabledDetectors: z.array(z.string().min(1)).default([]).describe('Detector ids to switch off (see docs/detectors.md).'),
    minConfidence: z.number().min(0).max(1).default(0).describe('Findings below this confidence are dropped before classification.'),
    decode: decodeSchema.default({ maxDepth: 2, maxBytes: 256 * 1024 }),
  })
  .strict();

export type InspectConfigInput = z.input<typeof inspectSchema>;
export type InspectConfig = z.output<typeof inspectSchema>;

/** The defaults, for callers without a config file (`airlock scan` without `--config`). */
export function createDefaultInspectConfig(): InspectConfig {
  return inspectSchema.parse({});
}
