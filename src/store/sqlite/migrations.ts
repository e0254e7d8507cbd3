import { SQLITE_AUDIT_MIGRATIONS } from '../../audit/store/audit-migrations.js';
import type { Migration } from '../migration.js';

/**
 * SQLite schema, oldest first. Append only (see `Migration`). Times are epoch milliseconds, money
 * integer micro-dollars; SQLite integers are 64-bit, so sums stay exact.
 */
export const SQLITE_MIGRATIONS: Migration[] = [
  {
    id: 'core-001-keys-teams-usage-admin',
    sql: `
      CREATE TABLE keys (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        name TEXT,
        user_name TEXT NOT NULL,
        team TEXT,
        rpm INTEGER CHECK (rpm >= 0),
        tpm INTEGER CHECK (tpm >= 0),
        concurrency INTEGER CHECK (concurrency >= 0),
        budget_period TEXT CHECK (budget_period IN ('day', 'month')),
        budget_soft_micro_usd INTEGER CHECK (budget_soft_micro_usd >= 0),
        budget_hard_micro_usd INTEGER CHECK (budget_hard_micro_usd >= 0),
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER,
        rotated_at INTEGER
      );
      CREATE INDEX keys_user ON keys (user_name);
      CREATE INDEX keys_team ON keys (team);

      CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        description TEXT,
        rpm INTEGER CHECK (rpm >= 0),
        tpm INTEGER CHECK (tpm >= 0),
        concurrency INTEGER CHECK (concurrency >= 0),
        budget_period TEXT CHECK (budget_period IN ('day', 'month')),
        budget_soft_micro_usd INTEGER CHECK (budget_soft_micro_usd >= 0),
        budget_hard_micro_usd INTEGER CHECK (budget_hard_micro_usd >= 0),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE usage_records (
        request_id TEXT PRIMARY KEY,
        time INTEGER NOT NULL,
        key_id TEXT,
        user_name TEXT,
        team TEXT,
        surface TEXT NOT NULL,
        requested_model TEXT NOT NULL,
        destination TEXT,
        upstream_model TEXT,
        input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
        output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
        estimated INTEGER NOT NULL,
        cost_micro_usd INTEGER NOT NULL CHECK (cost_micro_usd >= 0),
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL
      );
      CREATE INDEX usage_records_time ON usage_records (time);

      CREATE TABLE admin_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT NOT NULL
      );
      CREATE INDEX admin_events_time ON admin_events (time);
    `,
  },
  // The audit log (issue 6): its tables are defined in src/audit/store/audit-migrations.ts.
  ...SQLITE_AUDIT_MIGRATIONS,
];
