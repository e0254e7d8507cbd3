/**
 * The one store interface behind keys, teams, usage and admin events (and, later, the audit log).
 * It is implemented twice, by SQLite (embedded default) and PostgreSQL (fleets), and both run the
 * same contract tests in `test/store/store-contract.ts`. Every method is async, even on SQLite,
 * so callers never depend on the backend. A backend that cannot be reached throws
 * `AirlockError('STORE_UNAVAILABLE')` within its configured timeout.
 *
 * Money is integer micro-dollars (1 USD = 1,000,000) everywhere, so sums are exact.
 */

/** Per-minute and in-flight limits of a key or team; null or absent means unlimited. */
export interface RateLimits {
  rpm?: number | null;
  tpm?: number | null;
  concurrency?: number | null;
}

export type BudgetPeriod = 'day' | 'month';

/** A spending budget for one UTC period. Soft warns, hard blocks; either may be null. */
export interface Budget {
  period: BudgetPeriod;
  softMicroUsd: number | null;
  hardMicroUsd: number | null;
}

/** A virtual key as stored: never the key itself, only its SHA-256 hash and a display prefix. */
export interface KeyRecord {
  /** Stable id (`key_…`); survives rotation, so usage, limits and budgets follow the key. */
  id: string;
  /** Hex SHA-256 of the full key. */
  hash: string;
  /** The first characters of the key, safe to show (`alk_AbC123`). */
  prefix: string;
  name: string | null;
  user: string;
  team: string | null;
  limits: RateLimits;
  budget: Budget | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  rotatedAt: Date | null;
}

export interface NewKey {
  id: string;
  hash: string;
  prefix: string;
  name?: string | null;
  user: string;
  team?: string | null;
  limits?: RateLimits;
  budget?: Budget | null;
  createdAt?: Date;
  expiresAt?: Date | null;
}

export interface KeyListFilter {
  user?: string;
  team?: string;
  /** true: only keys that are neither revoked nor expired at `now`. */
  activeOnly?: boolean;
  now?: Date;
  limit?: number;
}

/** Fields `update` may change; absent fields are left as they are. */
export interface KeyUpdate {
  name?: string | null;
  limits?: RateLimits;
  budget?: Budget | null;
  expiresAt?: Date | null;
}

export interface KeyStore {
  create(key: NewKey): Promise<KeyRecord>;
  get(id: string): Promise<KeyRecord | null>;
  /** Looks a key up by its hash, revoked and expired keys included (the caller says why it is refused). */
  findByHash(hash: string): Promise<KeyRecord | null>;
  /** Oldest first. */
  list(filter?: KeyListFilter): Promise<KeyRecord[]>;
  /** Marks the key revoked; revoking twice keeps the first time. Null when there is no such key. */
  revoke(id: string, at?: Date): Promise<KeyRecord | null>;
  /**
   * Replaces the key's hash and prefix in place: the id, owner, limits, budget and usage history
   * stay, the old secret stops working at once (a rotation usually follows a suspected leak).
   * Null when there is no such key or it is revoked.
   */
  rotate(id: string, replacement: { hash: string; prefix: string }, at?: Date): Promise<KeyRecord | null>;
  update(id: string, changes: KeyUpdate): Promise<KeyRecord | null>;
}

export interface TeamRecord {
  id: string;
  description: string | null;
  limits: RateLimits;
  budget: Budget | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TeamInput {
  id: string;
  description?: string | null;
  limits?: RateLimits;
  budget?: Budget | null;
}

export interface TeamStore {
  /** Creates the team or replaces its description, limits and budget. */
  upsert(team: TeamInput): Promise<TeamRecord>;
  get(id: string): Promise<TeamRecord | null>;
  /** Sorted by id. */
  list(): Promise<TeamRecord[]>;
}

/** One row per request, written when the request ends (whatever its outcome). */
export interface UsageRecord {
  requestId: string;
  time: Date;
  keyId: string | null;
  user: string | null;
  team: string | null;
  surface: string;
  requestedModel: string;
  destination: string | null;
  upstreamModel: string | null;
  inputTokens: number;
  outputTokens: number;
  /** True when the token counts were estimated because the provider reported none. */
  estimated: boolean;
  costMicroUsd: number;
  /** HTTP status returned to the client. */
  status: number;
  /** `ok`, or the error code the request ended with (`RATE_LIMITED`, `UPSTREAM_TIMEOUT`…). */
  outcome: string;
}

export type UsageGroupBy = 'team' | 'user' | 'model' | 'upstreamModel' | 'destination' | 'key' | 'day';

export interface UsageQuery {
  /** Inclusive. */
  since?: Date;
  /** Exclusive. */
  until?: Date;
  by: UsageGroupBy;
  team?: string;
  user?: string;
  keyId?: string;
}

export interface UsageTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  /** Requests whose token counts were estimated. */
  estimatedRequests: number;
}

export interface UsageGroup extends UsageTotals {
  /** The value grouped by (`day` gives `YYYY-MM-DD` UTC); null for requests without one (no team…). */
  key: string | null;
}

export interface UsageSummary {
  /** Largest cost first, then by key. */
  groups: UsageGroup[];
  /** Exactly the sum of the groups. */
  total: UsageTotals;
}

export interface UsageStore {
  /** Idempotent on requestId: recording the same request twice keeps the first row and returns false. */
  record(row: UsageRecord): Promise<boolean>;
  /**
   * Records many rows in one statement, so one commit (one fsync on SQLite) covers them all: the
   * usage stage's group commit. Idempotent per requestId like `record`; returns how many were new.
   */
  recordMany(rows: readonly UsageRecord[]): Promise<number>;
  summarize(query: UsageQuery): Promise<UsageSummary>;
}

/** Who did what to what, through the admin API or the CLI. Never contains a key or secret. */
export interface AdminEvent {
  id: number;
  time: Date;
  /** The admin key id, SSO subject or `cli:<os user>`. */
  actor: string;
  /** Dotted verb, e.g. `key.create`, `key.revoke`, `team.upsert`. */
  action: string;
  /** The id acted on. */
  target: string | null;
  /** Non-secret details (changed limits…). */
  detail: Record<string, unknown>;
}

export interface NewAdminEvent {
  time?: Date;
  actor: string;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
}

export interface AdminEventQuery {
  since?: Date;
  actor?: string;
  action?: string;
  target?: string;
  /** Newest first; default 100. */
  limit?: number;
}

export interface AdminEventStore {
  record(event: NewAdminEvent): Promise<AdminEvent>;
  /** Newest first. */
  list(query?: AdminEventQuery): Promise<AdminEvent[]>;
}

export interface MigrationReport {
  /** Ids of the migrations this call applied (empty when the schema was up to date). */
  applied: string[];
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly keys: KeyStore;
  readonly teams: TeamStore;
  readonly usage: UsageStore;
  readonly adminEvents: AdminEventStore;
  /**
   * Applies pending migrations in order; safe to call at every start and from several replicas at
   * once (PostgreSQL takes an advisory lock, SQLite an immediate transaction).
   */
  migrate(): Promise<MigrationReport>;
  /** Resolves when the backend answers a trivial query; for readiness probes. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
