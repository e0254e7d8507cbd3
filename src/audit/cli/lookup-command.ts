import { readFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import type { CommandEnvironment } from '../../admin/command-support.js';
import { storeArgs } from '../../cli/shared-args.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { renderRecordCsv, renderRecordTable } from './render-records.js';
import { checkFormatFlags, runAuditCommand } from './run-audit-command.js';

export interface LookupFlags {
  config?: string | undefined;
  'data-dir'?: string | undefined;
  'value-file'?: string | undefined;
  source?: string | undefined;
  json?: boolean | undefined;
  csv?: boolean | undefined;
}

const HOW =
  'Give the leaked value in a file (--value-file F) or on standard input (-). Never as an argument: it would stay in your shell history and in the process list.';

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `airlock audit lookup`: computes the keyed fingerprint of a leaked value (with the gateway's
 * fingerprint key) and lists every request that carried it, when, by whom and where it went.
 * The log never stored the value, and this command neither prints nor stores it.
 */
export async function runLookup(
  flags: LookupFlags,
  environment: CommandEnvironment & { stdin?: NodeJS.ReadableStream } = {},
): Promise<void> {
  await runAuditCommand(flags, environment, async ({ service, output }) => {
    checkFormatFlags(flags);
    const file = flags['value-file'];
    const fromStdin = file === '-' || (file === undefined && flags.source === '-');
    if (!fromStdin && file === undefined) throw new AirlockError('INVALID_REQUEST', HOW);
    if (flags.source !== undefined && flags.source !== '-') throw new AirlockError('INVALID_REQUEST', HOW);
    const text = fromStdin
      ? await readStream(environment.stdin ?? process.stdin)
      : await readFile(file as string, 'utf8').catch(() => {
          throw new AirlockError('INVALID_REQUEST', 'The value file cannot be read.', { param: 'value-file' });
        });
    if (text.trim() === '') throw new AirlockError('INVALID_REQUEST', 'The value is empty.', { param: 'value-file' });
    const { fingerprints, records } = await service.lookup(text);
    if (flags.json) return output.stdout(`${JSON.stringify({ fingerprints, data: records })}\n`);
    if (flags.csv) return output.stdout(renderRecordCsv(records));
    output.stdout(`${fingerprints} fingerprint(s) looked up; ${records.length} request(s) carried the value.\n`);
    if (records.length > 0) output.stdout(renderRecordTable(records));
  });
}

export const lookupCommand = defineCommand({
  meta: { name: 'lookup', description: 'Find every request that carried a leaked value (read from a file or stdin, never an argument).' },
  args: {
    ...storeArgs,
    'value-file': {
      type: 'string',
      description: 'File holding the leaked value (one per line, or a pasted config); "-" reads standard input',
    },
    source: { type: 'positional', required: false, description: '"-" to read the value from standard input' },
    json: { type: 'boolean', description: 'Print JSON' },
    csv: { type: 'boolean', description: 'Print CSV' },
  },
  run: ({ args }) => runLookup(args),
});
