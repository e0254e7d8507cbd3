import { readFileSync } from 'node:fs';
import { maskValue } from '../inspect/mask-value.js';
import { defineCommand } from 'citty';
import { ConfigError } from '../config/config-error.js';
import { loadConfig, readConfigFile, validateConfig, type LoadedConfig } from '../config/load-config.js';
import { createExplainer, type Explanation } from '../policy/explain.js';
import { runPolicyTests } from '../policy/run-policy-tests.js';
import { reportConfigError, storeArgs } from './shared-args.js';

function loadForCommand(config: string | undefined): LoadedConfig | undefined {
  try {
    return loadConfig(config ? { file: config } : {});
  } catch (error) {
    reportConfigError(error);
    return undefined;
  }
}

const checkCommand = defineCommand({
  meta: { name: 'check', description: 'Validate a policy file (or a config with a policy) and list every problem.' },
  args: {
    file: { type: 'positional', required: true, description: 'Policy YAML, or a full config file' },
    config: { type: 'string', description: 'Config the policy refers to (default: AIRLOCK_CONFIG or embedded defaults)' },
  },
  run({ args }) {
    try {
      const raw = readConfigFile(args.file);
      let loaded: LoadedConfig;
      if ('destinations' in raw) {
        loaded = loadConfig({ file: args.file });
      } else {
        const base = loadConfig(args.config ? { file: args.config } : {});
        loaded = validateConfig({ ...structuredClone(base.config), policy: raw }, args.file, base.configDir);
      }
      const rules = loaded.config.policy.rules.length;
      process.stdout.write(
        `${args.file}: valid policy (${rules} rule${rules === 1 ? '' : 's'}, default ${loaded.config.policy.defaultAction})\n`,
      );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${args.file}: ${error.problems.length} problem(s)\n`);
      for (const problem of error.problems) process.stderr.write(`  ${problem.path}: ${problem.message}\n`);
      process.exitCode = 1;
    }
  },
});

const explainCommand = defineCommand({
  meta: {
    name: 'explain',
    description: 'Show what the gateway would do with a prompt: findings, classification, rule, destination, redactions.',
  },
  args: {
    ...storeArgs,
    input: { type: 'positional', required: false, description: 'File with the prompt, or - for stdin (default)' },
    json: { type: 'boolean', description: 'Print one JSON object' },
    model: { type: 'string', description: 'Requested model (default: auto or the first model)' },
    user: { type: 'string' },
    team: { type: 'string' },
    repository: { type: 'string', description: 'As the x-airlock-repository header' },
    path: { type: 'string', description: 'As the x-airlock-path header' },
  },
  run({ args }) {
    const loaded = loadForCommand(args.config);
    if (!loaded) return;
    const text = !args.input || args.input === '-' ? readFileSync(0, 'utf8') : readFileSync(args.input, 'utf8');
    const explanation = createExplainer(loaded)(text, {
      ...(args.model ? { model: args.model } : {}),
      ...(args.user ? { user: args.user } : {}),
      ...(args.team ? { team: args.team } : {}),
      ...(args.repository ? { repository: args.repository } : {}),
      ...(args.path ? { path: args.path } : {}),
    });
    process.stdout.write(args.json ? `${JSON.stringify(explanation)}\n` : formatExplanation(explanation, text));
  },
});

const testCommand = defineCommand({
  meta: { name: 'test', description: 'Run policy test cases (YAML) and fail if any expectation is not met.' },
  args: {
    ...storeArgs,
    file: { type: 'positional', required: false, description: 'Test file (default: policy-tests.yaml)' },
  },
  run({ args }) {
    const loaded = loadForCommand(args.config);
    if (!loaded) return;
    try {
      const results = runPolicyTests(args.file ?? 'policy-tests.yaml', loaded);
      for (const result of results) {
        process.stdout.write(`${result.passed ? 'ok  ' : 'FAIL'} ${result.name}\n`);
        for (const failure of result.failures) process.stdout.write(`       ${failure}\n`);
      }
      const failed = results.filter((result) => !result.passed).length;
      process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
      if (failed > 0) process.exitCode = 1;
    } catch (error) {
      reportConfigError(error);
    }
  },
});

/** Human output: values are masked as `airlock scan` masks them. */
function formatExplanation(explanation: Explanation, text: string): string {
  const lines = [
    `classification: ${explanation.classification}${explanation.effectiveClassification !== explanation.classification ? ` (after redaction: ${explanation.effectiveClassification})` : ''}`,
    `rule:           ${explanation.rule}`,
    `action:         ${explanation.action}${explanation.message ? ` — ${explanation.message}` : ''}`,
    `destination:    ${explanation.destination ?? '(none)'}${explanation.model ? ` (model ${explanation.model})` : ''}`,
  ];
  if (explanation.fallbacks.length > 0) lines.push(`fallbacks:      ${explanation.fallbacks.join(', ')}`);
  if (explanation.excluded.length > 0) lines.push(`not cleared:    ${explanation.excluded.join(', ')}`);
  for (const reason of explanation.reasons) lines.push(`reason:         ${reason}`);
  const redacted = new Map(explanation.redactions.map((redaction) => [`${redaction.start}:${redaction.end}`, redaction.mode]));
  lines.push(`findings:       ${explanation.findings.length}`);
  for (const finding of explanation.findings) {
    const mode = redacted.get(`${finding.start}:${finding.end}`);
    lines.push(
      `  ${finding.category}/${finding.type} at ${finding.start}-${finding.end} ${maskValue(text.slice(finding.start, finding.end))}${mode ? ` → redacted (${mode})` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export const policyCommand = defineCommand({
  meta: { name: 'policy', description: 'Check, explain and test the routing policy.' },
  subCommands: { check: checkCommand, explain: explainCommand, test: testCommand },
});
