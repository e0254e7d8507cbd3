import type { Store, MigrationReport } from '../types.js';
import { createSqlAdminEventStore } from './sql-admin-event-store.js';
import type { SqlExecutor } from './sql-executor.js';
import { createSqlKeyStore } from './sql-key-store.js';
import { createSqlTeamStore } from './sql-team-store.js';
import { createSqlUsageStore } from './sql-usage-store.js';

export interface StoreLifecycle {
  migrate(): Promise<MigrationReport>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A Store from an executor (the sub-stores) and a backend's own lifecycle (migrations, pooling). */
export function composeSqlStore(executor: SqlExecutor, lifecycle: StoreLifecycle): Store {
  return {
    kind: executor.dialect,
    keys: createSqlKeyStore(executor),
    teams: createSqlTeamStore(executor),
    usage: createSqlUsageStore(executor),
    adminEvents: createSqlAdminEventStore(executor),
    migrate: () => lifecycle.migrate(),
    ping: () => lifecycle.ping(),
    close: () => lifecycle.close(),
  };
}
