import { processOutput, type CommandEnvironment, type CommandOutput, type StoreFlags } from '../../admin/command-support.js';
import { reportStoreCommandError } from '../../cli/shared-args.js';
import { loadConfig, type LoadedConfig } from '../../config/load-config.js';
import { AirlockError } from '../../errors/airlock-error.js';
import { createAuditService, type AuditService } from '../audit-service.js';
import type { AuditStore } from '../store/audit-store.js';
import { openAuditStore } from '../store/open-audit-store.js';

export interface AuditCommandContext {
  service: AuditService;
  store: AuditStore;
  loaded: LoadedConfig;
  output: CommandOutput;
  env: Record<string, string | undefined>;
}

/**
 * Runs an `airlock audit` subcommand against the store of the running gateway, found from the
 * same `--config` / `--data-dir` as `serve`, and always closes it. Bad input and an unreachable
 * store are reported in one line with exit status 1, configuration errors with status 2 (verify
 * uses 1 for "not intact" as well: anything but 0 means the log cannot be trusted as it is).
 */
export async function runAuditCommand(
  flags: StoreFlags,
  environment: CommandEnvironment,
  work: (context: AuditCommandContext) => Promise<void>,
): Promise<void> {
  const output = environment.output ?? processOutput;
  const env = environment.env ?? process.env;
  let store: AuditStore | undefined;
  try {
    const loaded = loadConfig({
      env,
      ...(flags.config ? { file: flags.config } : {}),
      ...(flags['data-dir'] ? { overrides: { dataDir: flags['data-dir'] } } : {}),
    });
    store = await openAuditStore(loaded.config.store, { dataDir: loaded.dataDir, configDir: loaded.configDir, env });
    await work({ service: createAuditService(store, loaded, env), store, loaded, output, env });
  } catch (error) {
    reportStoreCommandError(error, output.stderr);
  } finally {
    await store?.close();
  }
}

/** `--json` and `--csv` exclude each other. */
export function checkFormatFlags(flags: { json?: boolean | undefined; csv?: boolean | undefined }): void {
  if (flags.json && flags.csv) throw new AirlockError('INVALID_REQUEST', 'Choose one of --json and --csv.');
}
