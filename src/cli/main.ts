import { defineCommand, runMain as runCitty } from 'citty';
import type { CommandDef } from 'citty';

type LazyCommand = () => Promise<CommandDef<any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every command, loaded on demand so `airlock scan` does not pay for the server's imports. */
const subCommands: Record<string, LazyCommand> = {
  serve: () => import('./serve.js').then((module) => module.serveCommand),
  config: () => import('./config.js').then((module) => module.configCommand),
  policy: () => import('./policy.js').then((module) => module.policyCommand),
  scan: () => import('./scan.js').then((module) => module.scanCommand),
  keys: () => import('./keys.js').then((module) => module.keysCommand),
  teams: () => import('./teams.js').then((module) => module.teamsCommand),
  usage: () => import('./usage.js').then((module) => module.usageCommand),
  audit: () => import('./audit.js').then((module) => module.auditCommand),
  ask: () => import('./ask.js').then((module) => module.askCommand),
  chat: () => import('./chat.js').then((module) => module.chatCommand),
  review: () => import('./review.js').then((module) => module.reviewCommand),
  setup: () => import('./setup.js').then((module) => module.setupCommand),
};

export const mainCommand = defineCommand({
  meta: { name: 'airlock', description: 'The AI gateway that decides where your code and data may go.' },
  subCommands,
});

export async function runMain(argv: string[]): Promise<void> {
  await runCitty(mainCommand, { rawArgs: argv });
}
