import { defineCommand } from 'citty';
import { chooseDefaultModel } from '../client/choose-model.js';
import {
  deriveOllamaUrl,
  gatewayArgs,
  normalizeGatewayUrl,
  resolveClientSettings,
  type ClientSettings,
  type GatewayFlags,
} from '../client/client-settings.js';
import { createGatewayClient } from '../client/gateway-client.js';
import { GatewayError } from '../client/gateway-error.js';
import { EXIT, runClientCommand } from '../client/run-client-command.js';
import { UsageError, createProcessIo, type TerminalIo } from '../client/terminal-io.js';
import type { SetupTarget, ToolSetup } from '../setup/tool-setup.js';
import { SETUP_TOOLS, findToolSetup } from '../setup/tools.js';
import { writeConfigFile } from '../setup/write-config-file.js';

export interface SetupOptions extends GatewayFlags {
  tool: string | undefined;
  /** Change the tool's config file; the default only prints. */
  write?: boolean | undefined;
  print?: boolean | undefined;
  ollamaUrl?: string | undefined;
}

const TOOL_LIST = SETUP_TOOLS.map((tool) => `  ${tool.name.padEnd(12)}${tool.title}`).join('\n');

/**
 * `airlock setup <tool> [--print | --write]`: points a coding tool at the gateway. `--print` (the
 * default) shows the settings and changes nothing; `--write` merges them into the tool's config
 * file, keeping the user's other settings, after backing the file up; running it again changes
 * nothing. The snippet goes to stdout (so `eval "$(airlock setup env)"` works), notes to stderr.
 */
export async function runSetup(options: SetupOptions, io: TerminalIo): Promise<number> {
  if (!options.tool) throw new UsageError(`Name a tool: airlock setup <tool> [--print | --write]\n${TOOL_LIST}`);
  const tool = findToolSetup(options.tool);
  if (!tool) throw new UsageError(`Unknown tool "${options.tool}". airlock setup knows:\n${TOOL_LIST}`);
  if (options.write && options.print) throw new UsageError('Choose one of --print and --write.');
  if (options.write && (!tool.configFile || !tool.mergeConfig)) {
    const how =
      tool.name === 'env'
        ? 'apply the exports with: eval "$(airlock setup env)"'
        : `enter the settings \`airlock setup ${tool.name}\` prints in its settings screen`;
    throw new UsageError(`${tool.title} has no config file airlock setup can write; ${how}.`);
  }
  const settings = resolveClientSettings(options, io);
  for (const warning of settings.warnings) io.stderr.write(`airlock: ${warning}\n`);
  const target = await createTarget(settings, options.ollamaUrl, io);
  const context = { homeDir: io.homeDir, env: io.env };
  if (!options.write) {
    const where = tool.configFile ? ` (for ${tool.configFile(context)}; --write merges it in)` : '';
    io.stderr.write(`# ${tool.title} settings for the Airlock gateway at ${target.gatewayUrl}${where}:\n`);
    io.stdout.write(tool.render(target));
    writeNotes(io, tool.notes(target, context));
    return EXIT.ok;
  }
  return writeTool(tool, target, io);
}

function writeTool(tool: ToolSetup, target: SetupTarget, io: TerminalIo): number {
  const context = { homeDir: io.homeDir, env: io.env };
  const file = tool.configFile!(context);
  let original: string | undefined;
  const result = writeConfigFile(
    file,
    (current) => {
      original = current;
      return tool.mergeConfig!(current, target);
    },
    { storesKey: tool.storesKey === true },
  );
  if (result.status === 'unchanged') io.stdout.write(`${file} already points ${tool.title} at ${target.gatewayUrl}; nothing changed.\n`);
  if (result.status === 'created')
    io.stdout.write(`Created ${file}: ${tool.title} now uses ${target.gatewayUrl} with model ${target.model}.\n`);
  if (result.status === 'updated') {
    io.stdout.write(`Updated ${file}: ${tool.title} now uses ${target.gatewayUrl} with model ${target.model}.\n`);
    io.stdout.write(`The previous version is in ${result.backup}.\n`);
  }
  writeNotes(io, tool.notes(target, { ...context, original }));
  return EXIT.ok;
}

/** The URLs and key from settings; the model from settings, else as `airlock ask` picks it, else `auto`. */
async function createTarget(settings: ClientSettings, ollamaUrl: string | undefined, io: TerminalIo): Promise<SetupTarget> {
  let model = settings.model;
  if (model === undefined) {
    const client = createGatewayClient(settings);
    try {
      model = await chooseDefaultModel(client);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      io.stderr.write(
        `airlock: could not list the models of ${settings.url} (${error.code}); using "auto", which lets the policy choose.\n`,
      );
      model = 'auto';
    } finally {
      await client.close();
    }
  }
  return {
    gatewayUrl: settings.url,
    openaiBaseUrl: `${settings.url}/v1`,
    ollamaUrl: ollamaUrl ? normalizeGatewayUrl(ollamaUrl) : deriveOllamaUrl(settings.url),
    ...(settings.key ? { key: settings.key } : {}),
    model,
  };
}

function writeNotes(io: TerminalIo, notes: string[]): void {
  for (const note of notes) io.stderr.write(`# ${note}\n`);
}

/** The command, with its IO injectable so tests run it against a temporary home. */
export function createSetupCommand(getIo: () => TerminalIo = createProcessIo) {
  return defineCommand({
    meta: { name: 'setup', description: `Point a coding tool at the gateway: ${SETUP_TOOLS.map((tool) => tool.name).join(', ')}` },
    args: {
      tool: { type: 'positional', required: false, description: `One of: ${SETUP_TOOLS.map((tool) => tool.name).join(', ')}` },
      print: { type: 'boolean', description: 'Print the settings and change nothing (the default)' },
      write: { type: 'boolean', description: "Merge the settings into the tool's config file (backed up first)" },
      ...gatewayArgs,
      'ollama-url': { type: 'string', description: "The gateway's Ollama listener (default: the gateway host, port 11434)" },
    },
    async run({ args }) {
      const io = getIo();
      await runClientCommand(io, () =>
        runSetup(
          {
            tool: args.tool,
            print: args.print,
            write: args.write,
            url: args.url,
            key: args.key,
            model: args.model,
            ollamaUrl: args['ollama-url'],
          },
          io,
        ),
      );
    },
  });
}

export const setupCommand = createSetupCommand();
