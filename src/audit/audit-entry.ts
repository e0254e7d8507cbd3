/**
 * The audit log is an append-only table of entries, one hash chain per replica. A request that
 * reaches dispatch has two entries: its `decision`, written durably before anything leaves, and
 * its `outcome`, appended when it ends. A request refused before dispatch (blocked, rate
 * limited, invalid) has one `complete` entry holding both halves. `checkpoint` entries carry an
 * Ed25519 signature over the chain up to them. A *record* (what query, report and export show)
 * is the join of a decision with its outcome, or a complete entry.
 */
export type EntryKind = 'decision' | 'outcome' | 'complete' | 'checkpoint';

type ColumnType = 'text' | 'int' | 'bool';

/**
 * Every hashed column, in hash order. Changing this list changes every hash: append only, with
 * a new chain format version. `seq` is deliberately not hashed: order is proven by each entry's
 * `prev_hash`, so a reorder shows up as a broken link rather than as changed content.
 */
export const ENTRY_COLUMNS = [
  ['replica', 'text'],
  ['kind', 'text'],
  ['request_id', 'text'],
  ['time_ms', 'int'],
  ['key_id', 'text'],
  ['user_name', 'text'],
  ['team', 'text'],
  ['surface', 'text'],
  ['client', 'text'],
  ['operation', 'text'],
  ['stream', 'bool'],
  ['requested_model', 'text'],
  ['classification', 'text'],
  ['effective_classification', 'text'],
  ['injection', 'bool'],
  ['findings', 'text'],
  ['rule', 'text'],
  ['action', 'text'],
  ['reasons', 'text'],
  ['redactions', 'text'],
  ['candidates', 'text'],
  ['capture', 'bool'],
  ['status', 'int'],
  ['outcome', 'text'],
  ['destination', 'text'],
  ['upstream_model', 'text'],
  ['attempts', 'int'],
  ['input_tokens', 'int'],
  ['output_tokens', 'int'],
  ['estimated', 'bool'],
  ['cost_micro_usd', 'int'],
  ['latency_ms', 'int'],
  ['interrupted', 'bool'],
  ['content', 'text'],
  ['signer', 'text'],
  ['signature', 'text'],
] as const satisfies readonly (readonly [string, ColumnType])[];

export type EntryColumn = (typeof ENTRY_COLUMNS)[number][0];
type TypeOf<T extends ColumnType> = T extends 'text' ? string : T extends 'int' ? number : boolean;
type ColumnValues = { [K in (typeof ENTRY_COLUMNS)[number] as K[0]]: TypeOf<K[1]> | null };

/** The hashed fields of an entry; absent facts are null. */
export interface EntryFields extends ColumnValues {
  replica: string;
  kind: EntryKind;
  time_ms: number;
}

/** An entry as stored: its fields, its position in its replica's chain and its links. */
export interface StoredEntry extends EntryFields {
  seq: number;
  prev_hash: string;
  hash: string;
}

/** A finding type in a request: how many values, and their keyed fingerprints (never the values). */
export interface FindingSummary {
  category: string;
  type: string;
  count: number;
  fingerprints: string[];
}

/** Where the policy allowed the request to go, in order (the first is the planned route). */
export interface CandidateRoute {
  model: string;
  destination: string;
  upstreamModel: string;
}

export const ENTRY_COLUMN_NAMES: readonly EntryColumn[] = ENTRY_COLUMNS.map(([name]) => name);
const COLUMN_TYPES = new Map<string, ColumnType>(ENTRY_COLUMNS);
/** Every field null; spread into each new entry (two per request: kept cheap). */
const EMPTY_FIELDS = Object.freeze(Object.fromEntries(ENTRY_COLUMN_NAMES.map((name) => [name, null])));

/** A new entry with every field null except those given. */
export function createEntryFields(replica: string, kind: EntryKind, timeMs: number, fields: Partial<EntryFields> = {}): EntryFields {
  // Object.assign, not spread: see prepareBatch.
  return Object.assign({}, EMPTY_FIELDS, fields, { replica, kind, time_ms: timeMs }) as EntryFields;
}

/**
 * A database row back to a stored entry. The backends differ in value types (PostgreSQL returns
 * bigint as strings and booleans as booleans; SQLite integers for both), so every value is
 * normalised by its column's declared type: the hash is computed over the normalised values.
 */
export function readEntryRow(row: Record<string, unknown>): StoredEntry {
  const entry: Record<string, unknown> = {};
  for (const [name, type] of COLUMN_TYPES) entry[name] = readValue(row[name], type);
  entry.seq = Number(row.seq);
  entry.prev_hash = String(row.prev_hash);
  entry.hash = String(row.hash);
  return entry as unknown as StoredEntry;
}

function readValue(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'int') return Number(value);
  if (type === 'bool') return value === true || value === 1 || value === '1' || value === 't';
  return String(value);
}
