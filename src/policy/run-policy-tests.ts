import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config/config-error.js';
import { readConfigFile, type LoadedConfig } from '../config/load-config.js';
import { CLASSIFICATIONS } from '../inspect/types.js';
import { createExplainer, type Explanation } from './explain.js';

const caseSchema = z
  .object({
    name: z.string().min(1),
    input: z.string().optional().describe('The prompt text.'),
    file: z.string().optional().describe('A file whose content is the prompt (relative to the test file).'),
    model: z.string().optional(),
    user: z.string().optional(),
    team: z.string().optional(),
    repository: z.string().optional(),
    path: z.string().optional(),
    expect: z
      .object({
        action: z.enum(['allow', 'redact', 'reroute', 'block', 'monitor']).optional(),
        destination: z.string().nullable().optional(),
        model: z.string().nullable().optional(),
        rule: z.string().optional(),
        classification: z.enum(CLASSIFICATIONS).optional(),
        redacts: z.array(z.string()).optional().describe('Finding types that must be redacted.'),
      })
      .strict(),
  })
  .strict()
  .refine((testCase) => (testCase.input === undefined) !== (testCase.file === undefined), { message: 'give exactly one of input or file' });

export const policyTestFileSchema = z.object({ cases: z.array(caseSchema).min(1) }).strict();

export interface PolicyTestResult {
  name: string;
  passed: boolean;
  /** One line per expectation that failed: `field: expected X, got Y`. */
  failures: string[];
}

/** Runs the cases of a policy test file against a config; reads no network, sends nothing. */
export function runPolicyTests(file: string, loaded: LoadedConfig): PolicyTestResult[] {
  const parsed = policyTestFileSchema.safeParse(readConfigFile(file));
  if (!parsed.success) {
    throw new ConfigError(
      file,
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
    );
  }
  const explain = createExplainer(loaded);
  return parsed.data.cases.map((testCase) => {
    const text = testCase.input ?? readFileSync(path.resolve(path.dirname(file), testCase.file ?? ''), 'utf8');
    const explanation = explain(text, {
      ...(testCase.model === undefined ? {} : { model: testCase.model }),
      ...(testCase.user === undefined ? {} : { user: testCase.user }),
      ...(testCase.team === undefined ? {} : { team: testCase.team }),
      ...(testCase.repository === undefined ? {} : { repository: testCase.repository }),
      ...(testCase.path === undefined ? {} : { path: testCase.path }),
    });
    const failures = compare(testCase.expect, explanation);
    return { name: testCase.name, passed: failures.length === 0, failures };
  });
}

function compare(expected: z.output<typeof caseSchema>['expect'], actual: Explanation): string[] {
  const failures: string[] = [];
  const fields = ['action', 'destination', 'model', 'rule', 'classification'] as const;
  for (const field of fields) {
    if (expected[field] !== undefined && expected[field] !== actual[field]) {
      failures.push(`${field}: expected ${String(expected[field])}, got ${String(actual[field])}`);
    }
  }
  const redacted = new Set(actual.redactions.map((redaction) => redaction.type));
  for (const type of expected.redacts ?? []) {
    if (!redacted.has(type)) failures.push(`redacts: expected ${type} to be redacted, got [${[...redacted].join(', ')}]`);
  }
  return failures;
}
