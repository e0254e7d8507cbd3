import { defineCommand } from 'citty';
import { describeCliActor, processOutput, runStoreCommand } from '../admin/command-support.js';
import { describeTeam, formatBudgetShort, type TeamView } from '../admin/describe-records.js';
import { formatTable } from '../admin/format-table.js';
import { upsertTeam } from '../admin/key-operations.js';
import { limitArgs, readLimitFlags } from '../admin/limit-flags.js';
import { storeArgs } from './shared-args.js';

/**
 * `airlock teams set|list`: a team's limits and budget, which apply to every key of the team
 * (and to SSO users whose first team it is) on top of each key's own.
 */

function formatTeams(teams: TeamView[]): string {
  if (teams.length === 0) return 'No teams.\n';
  const limit = (value: number | null): string => (value === null ? '-' : String(value));
  const rows = teams.map((team) => [
    team.id,
    limit(team.limits.rpm),
    limit(team.limits.tpm),
    limit(team.limits.concurrency),
    formatBudgetShort(team.budget),
    team.description ?? '',
  ]);
  return formatTable(['TEAM', 'RPM', 'TPM', 'CONC', 'BUDGET', 'DESCRIPTION'], rows);
}

const setCommand = defineCommand({
  meta: { name: 'set', description: 'Create a team or change its limits, budget or description (what is not given stays).' },
  args: {
    ...storeArgs,
    team: { type: 'positional', required: true, description: 'Team id' },
    description: { type: 'string' },
    ...limitArgs,
    json: { type: 'boolean', description: 'Print the team as JSON' },
  },
  async run({ args }) {
    await runStoreCommand(args, {}, async (store) => {
      const change = { ...(args.description === undefined ? {} : { description: args.description }), ...readLimitFlags(args) };
      const record = await upsertTeam(store, args.team, change, describeCliActor(), true);
      processOutput.stdout(args.json ? `${JSON.stringify(describeTeam(record))}\n` : formatTeams([describeTeam(record)]));
    });
  },
});

const listCommand = defineCommand({
  meta: { name: 'list', description: 'List teams with their limits and budgets.' },
  args: { ...storeArgs, json: { type: 'boolean', description: 'Print JSON' } },
  async run({ args }) {
    await runStoreCommand(args, {}, async (store) => {
      const teams = (await store.teams.list()).map(describeTeam);
      processOutput.stdout(args.json ? `${JSON.stringify({ data: teams })}\n` : formatTeams(teams));
    });
  },
});

export const teamsCommand = defineCommand({
  meta: { name: 'teams', description: 'Set and list team limits and budgets.' },
  subCommands: { set: setCommand, list: listCommand },
});
