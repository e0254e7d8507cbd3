import { POSTGRES_AUDIT_MIGRATIONS } from '../../audit/store/audit-migrations.js';
import type { Migration } from '../migration.js';

/**
 * PostgreSQL schema, oldest first. Append only (see `Migration`). Tables are created in the
 * schema named by the connection's search_path (config `store.schema`). Money is bigint
 * micro-dollars, so sums are exact.
 */
export const POSTGRES_MIGRATIONS: Migration[] = [
  {
    id: 'core-001-keys-teams-usage-admin',
    sql: `
      CREATE TABLE keys (
        id text PRIMARY KEY,
        hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        name text,
        user_name text NOT NULL,
        team text,
        rpm integer CHECK (rpm >= 0),
        tpm integer CHECK (tpm >= 0),
        concurrency integer CHECK (concurrency >= 0),
        budget_period text CHECK (budget_period IN ('day', 'month')),
        budget_soft_micro_usd bigint CHECK (budget_soft_micro_usd >= 0),
        budget_hard_micro_usd bigint CHECK (budget_hard_micro_usd >= 0),
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        rotated_at timestamptz
      );
      CREATE INDEX keys_user ON keys (user_name);
      CREATE INDEX keys_team ON keys (team);

      CREATE TABLE teams (
        id text PRIMARY KEY,
        description text,
        rpm integer CHECK (rpm >= 0),
        tpm integer CHECK (tpm >= 0),
        concurrency integer CHECK (concurrency >= 0),
        budget_period text CHECK (budget_period IN ('day', 'month')),
        budget_soft_micro_usd bigint CHECK (budget_soft_micro_usd >= 0),
        budget_hard_micro_usd bigint CHECK (budget_hard_micro_usd >= 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE usage_records (
        request_id text PRIMARY KEY,
        time timestamptz NOT NULL,
        key_id text,
        user_name text,
        team text,
        surface text NOT NULL,
        requested_model text NOT NULL,
        destination text,
        upstream_model text,
        input_tokens bigint NOT NULL CHECK (input_tokens >= 0),
        output_tokens bigint NOT NULL CHECK (output_tokens >= 0),
        estimated boolean NOT NULL,
        cost_micro_usd bigint NOT NULL CHECK (cost_micro_usd >= 0),
        status integer NOT NULL,
        outcome text NOT NULL
      );
      CREATE INDEX usage_records_time ON usage_records (time);

      CREATE TABLE admin_events (
        id bigserial PRIMARY KEY,
        time timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        detail jsonb NOT NULL
      );
      CREATE INDEX admin_events_time ON admin_events (time);
    `,
  },
  // The audit log (issue 6): its tables are defined in src/audit/store/audit-migrations.ts.
  ...POSTGRES_AUDIT_MIGRATIONS,
];
