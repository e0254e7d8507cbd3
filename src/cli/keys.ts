import { defineCommand } from 'citty';
import { describeCliActor, processOutput, runStoreCommand, type CommandOutput } from '../admin/command-support.js';
import { describeKey, formatBudgetShort, type KeyView } from '../admin/describe-records.js';
import { formatTable } from '../admin/format-table.js';
import { buildIssueInput, updateKey } from '../admin/key-operations.js';
import { limitArgs, readLimitFlags } from '../admin/limit-flags.js';
import { AirlockError } from '../errors/airlock-error.js';
import { issueApiKey, revokeApiKey, rotateApiKey } from '../identity/key-lifecycle.js';
import { storeArgs } from './shared-args.js';

/**
 * `airlock keys create|list|update|revoke|rotate`: virtual keys in the gateway's store (the same
 * SQLite file or PostgreSQL database as `serve`, from the same --config / --data-dir). A new or
 * rotated key is printed once, alone on stdout (so `$(airlock keys create …)` captures it); the
 * details go to stderr. Every change is recorded as an admin event by `cli:<os user>`.
 */

const output: CommandOutput = processOutput;

function formatLimit(value: number | null): string {
  return value === null ? '-' : String(value);
}

function formatKeys(keys: KeyView[]): string {
  if (keys.length === 0) return 'No keys.\n';
  const rows = keys.map((key) => [
    key.id,
    key.prefix,
    key.user,
    key.team ?? '-',
    key.status,
    formatLimit(key.limits.rpm),
    formatLimit(key.limits.tpm),
    formatLimit(key.limits.concurrency),
    formatBudgetShort(key.budget),
    key.expiresAt ?? '-',
  ]);
  return formatTable(['ID', 'PREFIX', 'USER', 'TEAM', 'STATUS', 'RPM', 'TPM', 'CONC', 'BUDGET', 'EXPIRES'], rows);
}

function printSecret(key: string, view: KeyView, json: boolean, verb: string): void {
  if (json) {
    output.stdout(`${JSON.stringify({ key, record: view })}\n`);
    return;
  }
  output.stderr(`${verb} key ${view.id} for ${view.user}${view.team ? ` (team ${view.team})` : ''}. It is shown only this once:\n`);
  output.stdout(`${key}\n`);
}

const createCommand = defineCommand({
  meta: { name: 'create', description: 'Create a virtual key and print it once.' },
  args: {
    ...storeArgs,
    user: { type: 'string', required: true, description: 'Who the key is for' },
    team: { type: 'string', description: 'Team charged for its usage (team limits and budget apply)' },
    name: { type: 'string', description: 'A label, e.g. the machine or tool' },
    expires: { type: 'string', description: 'Expiry: a date (2026-12-31), a date-time with zone, or a duration (90d)' },
    ...limitArgs,
    json: { type: 'boolean', description: 'Print {key, record} as JSON' },
  },
  async run({ args }) {
    await runStoreCommand(args, {}, async (store) => {
      const input = buildIssueInput({ user: args.user, team: args.team, name: args.name, expires: args.expires, ...readLimitFlags(args) });
      const issued = await issueApiKey(store, input, describeCliActor());
      printSecret(issued.key, describeKey(issued.record), args.json === true, 'Created');
    });
  },
});

const listCommand = defineCommand({
  meta: { name: 'list', description: 'List keys (never the secrets): owner, status, limits, budget, expiry.' },
  args: {
    ...storeArgs,
    user: { type: 'string', description: 'Only this user’s keys' },
    team: { type: 'string', description: 'Only this team’s keys' },
    active: { type: 'boolean', description: 'Only keys neither revoked nor expired' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  async run({ args }) {
    await runStoreCommand(args, {}, async (store) => {
      const records = await store.keys.list({
        ...(args.user ? { user: args.user } : {}),
        ...(args.team ? { team: args.team } : {}),
        ...(args.active ? { activeOnly: true } : {}),
      });
      const now = new Date();
      const views = records.map((record) => describeKey(record, now));
      output.stdout(args.json ? `${JSON.stringify({ data: views })}\n` : formatKeys(views));
    });
  },
});

const updateCommand = defineCommand({
  meta: { name: 'update', description: 'Change a key’s limits, budget, expiry or name (limits not given stay).' },
  args: {
    ...storeArgs,
    id: { type: 'positional', required: true, description: 'Key id (key_…)' },
    name: { type: 'string', description: 'A new label' },
    expires: { type: 'string', description: 'New expiry ("none" removes it)' },
    ...limitArgs,
    json: { type: 'boolean', description: 'Print the key as JSON' },
  },
  async run({ args }) {
    await runStoreCommand(args, {}, async (store) => {
      const expires = args.expires === undefined ? {} : { expires: args.expires === 'none' ? null : args.expires };
      const record = await updateKey(
        store,
        args.id,
        { ...(args.name ? { name: args.name } : {}), ...expires, ...readLimitFlags(args) },
        describeCliActor(),
      );
      if (record === null) throw new AirlockError('RESOURCE_NOT_FOUND', `No key ${args.id}.`);
      output.stdout(args.json ? `${JSON.stringify(describeKey(record))}\n` : formatKeys([describeKey(record)]));
    });
  },
});

const revokeCommand = defineCommand({
  meta: { name: 'revoke', description: 'Revoke a key: refused at once here, within auth.keyCacheTtlMs on every replica.' },
  args: { ...storeArgs, id: { type: 'positional', required: true, description: 'Key id (key_…)' } },
  async run({ args }) {
    await runStoreCommand(args, {}, async (store) => {
      const record = await revokeApiKey(store, args.id, describeCliActor());
      if (record === null) throw new AirlockError('RESOURCE_NOT_FOUND', `No key ${args.id}.`);
      output.stdout(`Revoked ${record.id} (${record.prefix}…, ${record.user}).\n`);
    });
  },
});

const rotateCommand = defineCommand({
  meta: { name: 'rotate', description: 'Replace a key’s secret (same id, limits and usage) and print the new one once.' },
  args: { ...storeArgs, id: { type: 'positional', required: true, description: 'Key id (key_…)' }, json: { type: 'boolean' } },
  async run({ args }) {
    await runStoreCommand(args, {}, async (store) => {
      const rotated = await rotateApiKey(store, args.id, describeCliActor());
      if (rotated === null) throw new AirlockError('RESOURCE_NOT_FOUND', `No active key ${args.id} to rotate.`);
      printSecret(rotated.key, describeKey(rotated.record), args.json === true, 'Rotated');
    });
  },
});

export const keysCommand = defineCommand({
  meta: { name: 'keys', description: 'Create, list, update, revoke and rotate virtual keys.' },
  subCommands: { create: createCommand, list: listCommand, update: updateCommand, revoke: revokeCommand, rotate: rotateCommand },
});
