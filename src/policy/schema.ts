import { z } from 'zod';
import { CLASSIFICATIONS, FINDING_CATEGORIES } from '../inspect/types.js';

const classificationSchema = z.enum(CLASSIFICATIONS);
const list = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]));
const globs = list(z.string().min(1)).describe('Names or glob patterns (`*` within a segment, `**` across `/`).');

export const ruleMatchSchema = z
  .object({
    classification: list(classificationSchema).optional().describe('The request’s classification is one of these.'),
    minClassification: classificationSchema.optional().describe('The request’s classification is at least this.'),
    categories: list(z.enum(FINDING_CATEGORIES)).optional().describe('Some finding has one of these categories.'),
    types: list(z.string().min(1)).optional().describe('Some finding has one of these types (docs/detectors.md).'),
    injection: z.boolean().optional().describe('Prompt injection was (true) or was not (false) found.'),
    users: globs.optional(),
    teams: globs.optional(),
    models: globs.optional().describe('The model the client asked for (name or alias as sent).'),
    destinations: globs.optional().describe('The destination of the requested model.'),
    tiers: list(z.enum(['local', 'enterprise', 'consumer']))
      .optional()
      .describe('The tier of the requested model’s destination.'),
    surfaces: list(z.enum(['openai', 'anthropic', 'ollama', 'openai-responses'])).optional(),
    repositories: globs.optional().describe('The x-airlock-repository request header.'),
    paths: globs.optional().describe('The x-airlock-path request header.'),
  })
  .strict();

export const redactSpecSchema = z
  .object({
    categories: list(z.enum(FINDING_CATEGORIES)).optional().describe('Redact findings of these categories (default: secret and pii).'),
    types: list(z.string().min(1)).optional().describe('Redact findings of these types.'),
    mode: z.enum(['reversible', 'irreversible']).default('reversible'),
  })
  .strict();

export const ruleSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    when: ruleMatchSchema.default({}),
    action: z.enum(['allow', 'redact', 'reroute', 'block', 'monitor']),
    redact: redactSpecSchema.optional().describe('For action redact: what to replace.'),
    to: z.string().min(1).optional().describe('For action reroute: the model to send the request to.'),
    message: z.string().min(1).optional().describe('For action block: what the user is told.'),
    capture: z
      .boolean()
      .optional()
      .describe('Keep (encrypted) prompt and completion text in the audit log for requests this rule matches.'),
  })
  .strict()
  .superRefine((rule, context) => {
    if (rule.action === 'reroute' && !rule.to) context.addIssue({ code: 'custom', path: ['to'], message: 'a reroute rule needs `to`' });
    if (rule.action !== 'reroute' && rule.to) context.addIssue({ code: 'custom', path: ['to'], message: '`to` only applies to reroute' });
    if (rule.action !== 'redact' && rule.redact)
      context.addIssue({ code: 'custom', path: ['redact'], message: '`redact` only applies to redact' });
  });

export const policySchema = z
  .object({
    clearance: z
      .record(z.string(), classificationSchema)
      .default({})
      .describe(
        'Highest classification each destination may receive. Default by tier: local → restricted, enterprise with zero retention → confidential, enterprise with retention → internal, consumer → public.',
      ),
    approvedModels: z
      .record(z.string(), list(z.string().min(1)))
      .default({})
      .describe(
        'Per destination, the upstream models (globs) that may be used at all. A destination not listed allows every model configured for it.',
      ),
    auto: list(z.string().min(1))
      .optional()
      .describe('Models the `auto` model name chooses from, in order of preference; the first one cleared for the request wins.'),
    rules: z.array(ruleSchema).default([]).describe('Evaluated in order; the first match decides.'),
    defaultAction: z.enum(['allow', 'block']).default('allow').describe('What happens when no rule matches.'),
    defaultMessage: z.string().default('This request is not allowed by the policy.'),
    onUncleared: z
      .enum(['reroute', 'block'])
      .default('reroute')
      .describe('When the request is more sensitive than its destination’s clearance: reroute it to a cleared model, or block it.'),
    rerouteTo: z
      .string()
      .min(1)
      .optional()
      .describe('Model used by onUncleared: reroute (default: the first model on a local destination).'),
    irreversible: list(z.string().min(1))
      .default(['private_key'])
      .describe('Finding types that are masked irreversibly whenever they are redacted: their value never comes back.'),
    output: z
      .object({
        secrets: z.enum(['mask', 'flag', 'off']).default('mask').describe('Secrets in an answer that were not in the request.'),
        pii: z.enum(['mask', 'flag', 'off']).default('flag').describe('PII in an answer that was not in the request.'),
        streaming: z
          .enum(['flag', 'mask'])
          .default('flag')
          .describe(
            'Streamed answers: flag (default) records what secrets/PII did not come from the request and streams with no extra delay; mask applies `secrets`/`pii` to the stream too, holding back the word being written (at most 256 characters) until it is complete.',
          ),
      })
      .strict()
      .default({ secrets: 'mask', pii: 'flag', streaming: 'flag' }),
  })
  .strict();

export type PolicyInput = z.input<typeof policySchema>;
export type Policy = z.output<typeof policySchema>;
export type PolicyRule = z.output<typeof ruleSchema>;
export type RuleMatch = z.output<typeof ruleMatchSchema>;

/**
 * The built-in policy, used when the config has none: secrets never leave the machine in the
 * clear (they are replaced by placeholders and restored in the answer); whatever is still more
 * sensitive than a destination is cleared for goes to a local model; consumer tiers are refused
 * by the config itself.
 */
export const BUILT_IN_POLICY: PolicyInput = {
  rules: [
    {
      name: 'redact-secrets-leaving-the-machine',
      description: 'Secrets sent to any non-local destination are replaced by placeholders and restored in the answer.',
      when: { categories: ['secret'], tiers: ['enterprise', 'consumer'] },
      action: 'redact',
      redact: { categories: ['secret'], mode: 'reversible' },
    },
  ],
  defaultAction: 'allow',
  onUncleared: 'reroute',
};
