import { LIMIT_BUDGET_COLUMNS, readTeamRow, writeLimitBudgetValues } from '../row-mapping.js';
import type { TeamInput, TeamRecord, TeamStore } from '../types.js';
import type { SqlExecutor } from './sql-executor.js';

const COLUMNS = ['id', 'description', ...LIMIT_BUDGET_COLUMNS, 'created_at', 'updated_at'];
const UPDATED_COLUMNS = ['description', ...LIMIT_BUDGET_COLUMNS, 'updated_at'];
const UPSERT_SQL =
  `INSERT INTO teams (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ` +
  `ON CONFLICT (id) DO UPDATE SET ${UPDATED_COLUMNS.map((column) => `${column} = excluded.${column}`).join(', ')} RETURNING *`;

/** Teams on any SQL backend; see TeamStore for the contract. */
export function createSqlTeamStore(executor: SqlExecutor): TeamStore {
  return {
    async upsert(team: TeamInput): Promise<TeamRecord> {
      const now = executor.writeDate(new Date());
      const values = [team.id, team.description ?? null, ...writeLimitBudgetValues(team.limits, team.budget), now, now];
      const [row] = await executor.query(UPSERT_SQL, values, 'The team');
      if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
      return readTeamRow(row);
    },

    async get(id: string): Promise<TeamRecord | null> {
      const [row] = await executor.query('SELECT * FROM teams WHERE id = ?', [id]);
      return row === undefined ? null : readTeamRow(row);
    },

    async list(): Promise<TeamRecord[]> {
      // Sorted here, not in SQL, so both backends agree whatever the database collation.
      const teams = (await executor.query('SELECT * FROM teams')).map(readTeamRow);
      return teams.sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
    },
  };
}
