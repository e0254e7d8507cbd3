import { defineCommand } from 'citty';
import { runChatSession } from '../client/chat-session.js';
import { chooseDefaultModel } from '../client/choose-model.js';
import { gatewayArgs, resolveClientSettings, type GatewayFlags } from '../client/client-settings.js';
import { createGatewayClient } from '../client/gateway-client.js';
import { parseSamplingArgs, samplingArgs, type SamplingOptions } from '../client/sampling-args.js';
import { runClientCommand } from '../client/run-client-command.js';
import { createProcessIo, type TerminalIo } from '../client/terminal-io.js';

export interface ChatOptions extends GatewayFlags, SamplingOptions {
  system?: string | undefined;
}

/** `airlock chat`: an interactive session through the gateway (see runChatSession). */
export async function runChat(options: ChatOptions, io: TerminalIo): Promise<number> {
  const settings = resolveClientSettings(options, io);
  for (const warning of settings.warnings) io.stderr.write(`airlock: ${warning}\n`);
  const client = createGatewayClient(settings);
  try {
    const model = settings.model ?? (await chooseDefaultModel(client));
    return await runChatSession({ client, model, system: options.system, sampling: options, io });
  } finally {
    await client.close();
  }
}

/** The command, with its IO injectable so tests drive it through streams. */
export function createChatCommand(getIo: () => TerminalIo = createProcessIo) {
  return defineCommand({
    meta: {
      name: 'chat',
      description: 'An interactive chat through the gateway: streaming answers, /why, /model, /models, /clear, /exit.',
    },
    args: {
      ...gatewayArgs,
      system: { type: 'string', description: 'A system prompt for the session' },
      ...samplingArgs,
    },
    async run({ args }) {
      const io = getIo();
      await runClientCommand(io, () =>
        runChat({ url: args.url, key: args.key, model: args.model, system: args.system, ...parseSamplingArgs(args) }, io),
      );
    },
  });
}

export const chatCommand = createChatCommand();
