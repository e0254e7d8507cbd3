import { readFileSync } from 'node:fs';
import { defineCommand } from 'citty';
import { parseDocument } from 'yaml';
import { createDefaultInspectConfig, inspectSchema, type InspectConfig } from '../config/inspect-schema.js';
import { runScan } from '../inspect/scan/run-scan.js';

/**
 * Reads the `inspect:` section of an Airlock config file. Only that section matters to a scan,
 * so a file holding just `inspect:` (shared by a security team) is as good as a full config.
 */
export function loadScanConfig(file: string | undefined): InspectConfig {
  if (file === undefined) return createDefaultInspectConfig();
  const document = parseDocument(readFileSync(file, 'utf8'));
  if (document.errors.length > 0) throw new Error(`${file}: invalid YAML: ${document.errors[0]!.message.split('\n')[0]}`);
  const root: unknown = document.toJS() ?? {};
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new Error(`${file}: expected a mapping at the top level`);
  const parsed = inspectSchema.safeParse((root as Record<string, unknown>)['inspect'] ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  inspect.${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`${file}: ${problems.length} problem(s)\n${problems.join('\n')}`);
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export const scanCommand = defineCommand({
  meta: {
    name: 'scan',
    description:
      'Scan files, directories (recursively, honouring .gitignore) or stdin (-) with the gateway’s detectors. Exit 0: nothing found, 1: findings, 2: error.',
  },
  args: {
    json: { type: 'boolean', description: 'One JSON object per scanned text' },
    config: { type: 'string', description: 'Airlock config file whose inspect: section to use' },
    paths: { type: 'positional', required: false, description: 'Files or directories, or - for stdin (default: stdin when piped, else .)' },
  },
  async run({ args }) {
    let config: InspectConfig;
    try {
      config = loadScanConfig(args.config);
    } catch (error) {
      process.stderr.write(`airlock scan: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
      return;
    }
    const paths = args._.length > 0 ? args._ : [process.stdin.isTTY ? '.' : '-'];
    process.exitCode = await runScan(
      { paths, json: args.json === true, config },
      { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text), readStdin, cwd: process.cwd() },
    );
  },
});
