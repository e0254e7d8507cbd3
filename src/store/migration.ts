import { createHash } from 'node:crypto';
import { AirlockError } from '../errors/airlock-error.js';

/**
 * One versioned schema change. Each backend has its own ordered list
 * (`src/store/sqlite/migrations.ts`, `src/store/postgres/migrations.ts`); `migrate()` applies, in
 * list order and inside one transaction, every migration whose id is not yet recorded in the
 * `airlock_migrations` table.
 *
 * To add tables (the audit log of issue 6 does): append a migration with a new, never reused id
 * (`audit-001-records`) to BOTH lists, then add a sub-store that uses the tables. Never edit,
 * reorder or remove a migration once released: its checksum is recorded, and `migrate()` refuses
 * to start against a database where an applied migration's text has changed.
 */
export interface Migration {
  /** Unique and stable: `<component>-<NNN>-<what>`. */
  id: string;
  /** One or more SQL statements, separated by semicolons. */
  sql: string;
}

export function computeMigrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

/**
 * The migrations still to apply, given the checksums of those already applied. Refuses duplicate
 * ids in the list and applied migrations whose text changed (someone edited a released
 * migration: the schema is no longer what the code believes). Applied ids unknown to this list
 * are allowed, so an older replica keeps running during a rolling upgrade.
 */
export function planMigrations(migrations: readonly Migration[], applied: ReadonlyMap<string, string>): Migration[] {
  const seen = new Set<string>();
  const pending: Migration[] = [];
  for (const migration of migrations) {
    if (seen.has(migration.id)) {
      throw new AirlockError('INTERNAL', `Migration id "${migration.id}" is listed twice.`);
    }
    seen.add(migration.id);
    const checksum = applied.get(migration.id);
    if (checksum === undefined) {
      pending.push(migration);
    } else if (checksum !== computeMigrationChecksum(migration)) {
      throw new AirlockError('INTERNAL', `Migration "${migration.id}" was changed after it was applied.`);
    }
  }
  return pending;
}
