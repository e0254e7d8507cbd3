import { defineCommand } from 'citty';
import { z } from 'zod';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { configSchema } from '../config/schema.js';

const checkCommand = defineCommand({
  meta: { name: 'check', description: 'Validate a config file and print every problem with its path.' },
  args: { file: { type: 'positional', required: false, description: 'Config file (default: AIRLOCK_CONFIG or embedded defaults)' } },
  run({ args }) {
    try {
      const loaded = loadConfig(args.file ? { file: args.file } : {});
      for (const warning of loaded.warnings) process.stderr.write(`warning: ${warning}\n`);
      const destinations = Object.keys(loaded.config.destinations).length;
      const models = Object.keys(loaded.config.models).length;
      process.stdout.write(`${loaded.source}: valid (${destinations} destinations, ${models} models)\n`);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.source}: ${error.problems.length} problem(s)\n`);
      for (const problem of error.problems) process.stderr.write(`  ${problem.path}: ${problem.message}\n`);
      process.exitCode = 1;
    }
  },
});

const schemaCommand = defineCommand({
  meta: { name: 'schema', description: 'Print the JSON Schema of the config file, for editors.' },
  run() {
    process.stdout.write(`${JSON.stringify(createConfigJsonSchema(), null, 2)}\n`);
  },
});

/** The JSON Schema of the config as a user writes it (defaults make fields optional). */
export function createConfigJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Airlock configuration',
  };
}

export const configCommand = defineCommand({
  meta: { name: 'config', description: 'Check a config file or print its JSON Schema.' },
  subCommands: { check: checkCommand, schema: schemaCommand },
});
