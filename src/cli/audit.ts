import { defineCommand } from 'citty';

/**
 * `airlock audit`: the tamper-evident audit log of every request (docs/audit.md). Every
 * subcommand takes the same `--config FILE` / `--data-dir DIR` as `serve`, and is loaded on
 * demand.
 */
export const auditCommand = defineCommand({
  meta: { name: 'audit', description: 'Query, report, look up leaks in, export, verify and purge the audit log.' },
  subCommands: {
    query: () => import('../audit/cli/query-command.js').then((module) => module.queryCommand),
    report: () => import('../audit/cli/report-command.js').then((module) => module.reportCommand),
    lookup: () => import('../audit/cli/lookup-command.js').then((module) => module.lookupCommand),
    export: () => import('../audit/cli/export-command.js').then((module) => module.exportCommand),
    verify: () => import('../audit/cli/verify-command.js').then((module) => module.verifyCommand),
    purge: () => import('../audit/cli/purge-command.js').then((module) => module.purgeCommand),
  },
});
