import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { defineCommand } from 'citty';
import type { CommandEnvironment } from '../../admin/command-support.js';
import { storeArgs } from '../../cli/shared-args.js';
import { parseRecordFilter } from '../parse-period.js';
import type { QueryFlags } from './query-command.js';
import { filterArgs } from './query-command.js';
import { runAuditCommand } from './run-audit-command.js';

/**
 * `airlock audit export`: every matching record as JSON Lines (one record per line, oldest
 * first), to standard output or a file created readable by its owner only.
 */
export async function runExport(flags: QueryFlags & { output?: string | undefined }, environment: CommandEnvironment = {}): Promise<void> {
  await runAuditCommand(flags, environment, async ({ service, output }) => {
    const filter = parseRecordFilter(flags);
    const file: WriteStream | undefined = flags.output ? createWriteStream(flags.output, { mode: 0o600, flags: 'w' }) : undefined;
    let count = 0;
    for await (const record of service.export(filter)) {
      const line = `${JSON.stringify(record)}\n`;
      count += 1;
      if (!file) output.stdout(line);
      else if (!file.write(line)) await once(file, 'drain');
    }
    if (file) {
      file.end();
      await once(file, 'finish');
      output.stderr(`Exported ${count} record(s) to ${flags.output}\n`);
    }
  });
}

export const exportCommand = defineCommand({
  meta: { name: 'export', description: 'Export audit records as JSON Lines.' },
  args: {
    ...storeArgs,
    ...filterArgs,
    output: { type: 'string', description: 'Write to this file (mode 0600) instead of standard output' },
  },
  run: ({ args }) => runExport(args),
});
